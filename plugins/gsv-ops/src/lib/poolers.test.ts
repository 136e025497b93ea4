import { poolerLevel } from './poolers';

describe('poolerLevel', () => {
  it('is critical with no ready PgBouncer pod, warning with some missing, ok with all', () => {
    expect(poolerLevel({ instances: 2, readyInstances: 0 })).toBe('critical');
    expect(poolerLevel({ instances: 2, readyInstances: 1 })).toBe('warning');
    expect(poolerLevel({ instances: 2, readyInstances: 2 })).toBe('ok');
    expect(poolerLevel({ instances: 0, readyInstances: 0 })).toBe('ok');
  });
});
