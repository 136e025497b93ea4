import { useClusters } from '../__testUtils__/cluster';
import { call } from '../__testUtils__/http';

jest.setTimeout(30_000);

const APP = (name: string) => `/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/${name}`;

describe('Argo CD applications', () => {
  const start = useClusters();

  it('syncs an OutOfSync application through its operation field: rollout, Progressing → Healthy, history', async () => {
    const cluster = await start();
    const before = cluster.store.get('applications.argoproj.io', 'argocd', 'keycloak')!;
    expect(before.status.sync.status).toBe('OutOfSync');
    expect(before.status.history).toHaveLength(2);
    const operation = await call(cluster, 'PATCH', APP('keycloak'), {
      token: cluster.tokens.backend,
      contentType: 'application/merge-patch+json',
      body: { operation: { initiatedBy: { username: 'backstage:user:default/jane' }, info: [{ name: 'reason', value: 'GSV Ops tab' }], sync: { syncStrategy: { hook: {} }, prune: false } } },
    });
    expect(operation.status).toBe(200);
    await cluster.clock.advance(1000);
    expect(cluster.store.get('applications.argoproj.io', 'argocd', 'keycloak')!.status.operationState.phase).toBe('Running');
    await cluster.clock.advance(3000);
    const synced = cluster.store.get('applications.argoproj.io', 'argocd', 'keycloak')!;
    expect(synced.operation).toBeUndefined();
    expect(synced.status.sync.status).toBe('Synced');
    expect(synced.status.operationState).toMatchObject({ phase: 'Succeeded', message: 'successfully synced (all tasks run)' });
    expect(synced.status.operationState.operation.initiatedBy.username).toBe('backstage:user:default/jane');
    expect(synced.status.history).toHaveLength(3);
    expect(synced.status.history[2]).toMatchObject({ id: 2, revision: synced.status.sync.revision, initiatedBy: { username: 'backstage:user:default/jane' } });
    expect(synced.status.health.status).toBe('Progressing');
    const deployment = cluster.store.get('deployments.apps', 'sso', 'keycloak')!;
    expect(deployment.spec.template.spec.containers[0].image).toBe('quay.io/keycloak/keycloak:26.0.7');
    await cluster.clock.advance(180_000);
    expect(cluster.store.get('applications.argoproj.io', 'argocd', 'keycloak')!.status.health.status).toBe('Healthy');
    const events = cluster.store.list('events', { namespace: 'argocd', fieldSelector: 'involvedObject.name=keycloak' }).map(event => `${event.reason}: ${event.message}`);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^OperationStarted: Initiated sync to [0-9a-f]{40}$/),
        expect.stringMatching(/^OperationCompleted: Sync operation to [0-9a-f]{40} succeeded$/),
        'ResourceUpdated: Updated sync status: OutOfSync -> Synced',
        'ResourceUpdated: Updated health status: Healthy -> Progressing',
        'ResourceUpdated: Updated health status: Progressing -> Healthy',
      ]),
    );
  });

  it('turns OutOfSync on injected drift; automated applications sync by themselves', async () => {
    const cluster = await start();
    cluster.faults.driftApplication('agent-registry-worker', { image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.4' });
    await cluster.settle();
    const drifted = cluster.store.get('applications.argoproj.io', 'argocd', 'agent-registry-worker')!;
    expect(drifted.status.sync.status).toBe('OutOfSync');
    expect(drifted.status.resources[0].status).toBe('OutOfSync');
    expect(drifted.operation).toMatchObject({ initiatedBy: { automated: true } });
    await cluster.clock.advance(120_000);
    const healed = cluster.store.get('applications.argoproj.io', 'argocd', 'agent-registry-worker')!;
    expect(healed.status.sync.status).toBe('Synced');
    expect(healed.status.health.status).toBe('Healthy');
    expect(cluster.store.get('deployments.apps', 'cmp', 'agent-registry-worker')!.spec.template.spec.containers[0].image).toBe('ghcr.io/digitlify-inc/agent-registry:v1.2.4');
  });

  it('honours and clears the refresh annotation, and leaves dry-run syncs without effect', async () => {
    const cluster = await start();
    await call(cluster, 'PATCH', APP('keycloak'), { contentType: 'application/merge-patch+json', body: { metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } } } });
    await cluster.settle();
    const refreshed = cluster.store.get('applications.argoproj.io', 'argocd', 'keycloak')!;
    expect(refreshed.metadata.annotations?.['argocd.argoproj.io/refresh']).toBeUndefined();
    expect(refreshed.status.reconciledAt).toBe('2026-11-25T10:00:00Z');
    await call(cluster, 'PATCH', APP('keycloak'), { contentType: 'application/merge-patch+json', body: { operation: { initiatedBy: { username: 'jane' }, sync: { dryRun: true } } } });
    await cluster.clock.advance(10_000);
    const afterDryRun = cluster.store.get('applications.argoproj.io', 'argocd', 'keycloak')!;
    expect(afterDryRun.status.sync.status).toBe('OutOfSync');
    expect(afterDryRun.status.history).toHaveLength(2);
    expect(cluster.store.get('deployments.apps', 'sso', 'keycloak')!.spec.template.spec.containers[0].image).toBe('quay.io/keycloak/keycloak:26.0.5');
  });
});
