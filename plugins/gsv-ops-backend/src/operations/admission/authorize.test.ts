import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { getRunbook } from '@gsv/plugin-gsv-ops-common';
import { fakePermissions } from '../__testUtils__/engineHarness';
import { authorizeStart } from './authorize';

const jane = mockCredentials.user('user:default/jane');
const definition = getRunbook('deployment-scale')!;
const request = {
  runbook: 'deployment-scale' as const,
  entityRef: 'component:default/agent-registry',
  cluster: 'prod',
  parameters: {},
  dryRun: true,
};
const cluster = (environment: string) => ({ name: 'prod', environment, namespaces: [], requestTimeoutMs: 1000, client: {} as any });

describe('authorizeStart', () => {
  it('asks for the runbook permission, production and the window override as the request needs them', async () => {
    const asked: string[] = [];
    const permissions = fakePermissions(p => {
      asked.push(p);
      return true;
    });
    const checks = await authorizeStart({
      permissions,
      credentials: jane,
      request: { ...request, incident: { id: 'INC-1', severity: 'P1' } },
      definition,
      entityRef: request.entityRef,
      cluster: cluster('prod'),
    });
    expect(checks.map(c => c.permission.name)).toEqual([
      'gsv-ops.deployment.scale',
      'gsv-ops.production.operate',
      'gsv-ops.maintenance-window.override',
    ]);
    expect(asked).toEqual(checks.map(c => c.permission.name));
  });

  it('names the first permission missing', async () => {
    await expect(
      authorizeStart({
        permissions: fakePermissions(p => p !== 'gsv-ops.production.operate'),
        credentials: jane,
        request,
        definition,
        entityRef: request.entityRef,
        cluster: cluster('prod'),
      }),
    ).rejects.toThrow(
      new NotAllowedError(
        'You are not allowed to operate on component:default/agent-registry in production (cluster prod) (permission gsv-ops.production.operate)',
      ),
    );
  });
});
