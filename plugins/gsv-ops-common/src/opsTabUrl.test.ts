import { opsTabPath, opsTabUrl } from './opsTabUrl';

describe('opsTabUrl', () => {
  it('builds the Ops tab route of the entity page', () => {
    expect(
      opsTabUrl('http://localhost:3000/', 'Component:Default/agent-registry'),
    ).toBe(
      'http://localhost:3000/catalog/default/component/agent-registry/ops',
    );
    expect(
      opsTabUrl('https://backstage.example/portal', 'resource:cmp-postgres'),
    ).toBe(
      'https://backstage.example/portal/catalog/default/resource/cmp-postgres/ops',
    );
  });

  it('gives the same route as a path in the app, for links that stay in the app’s tab', () => {
    expect(opsTabPath('Component:Default/agent-registry')).toBe(
      '/catalog/default/component/agent-registry/ops',
    );
  });
});
