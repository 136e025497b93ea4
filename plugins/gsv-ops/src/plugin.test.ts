import { gsvOpsPlugin } from './plugin';
import { isGsvOpsAvailable } from './isGsvOpsAvailable';

describe('gsv-ops', () => {
  it('is the gsv-ops plugin', () => {
    expect(gsvOpsPlugin.getId()).toBe('gsv-ops');
  });

  it('is available for entities with a kubernetes id', () => {
    const entity = (annotations: Record<string, string>) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'agent-registry', annotations },
    });
    expect(
      isGsvOpsAvailable(
        entity({ 'backstage.io/kubernetes-id': 'agent-registry' }),
      ),
    ).toBe(true);
    expect(isGsvOpsAvailable(entity({}))).toBe(false);
  });
});
