import { execFileSync } from 'node:child_process';
import { pushFile } from '../__testUtils__/gitops';
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

describe('Argo CD applications backed by the GitOps repository', () => {
  const start = useClusters();
  const qaOverlay = 'apps/agent-registry/overlays/qa/kustomization.yaml';

  it('compares with the overlay at targetRevision, turns OutOfSync on a new commit, and a sync applies its image', async () => {
    const cluster = await start();
    const seeded = cluster.store.get('applications.argoproj.io', 'argocd', 'agent-registry-qa')!;
    const head = execFileSync('git', ['--git-dir', cluster.gitops.dir, 'rev-parse', 'main'], { encoding: 'utf8' }).trim();
    expect(seeded.spec.source).toEqual({ repoURL: cluster.gitops.url, path: 'apps/agent-registry/overlays/qa', targetRevision: 'main' });
    expect(seeded.status.sync).toMatchObject({ status: 'Synced', revision: head });
    expect(cluster.store.get('applications.argoproj.io', 'argocd', 'agent-registry')!.status.sync).toMatchObject({ status: 'Synced', revision: head });

    const overlay = execFileSync('git', ['--git-dir', cluster.gitops.dir, 'show', `main:${qaOverlay}`], { encoding: 'utf8' });
    const commit = pushFile(cluster.gitops.dir, { path: qaOverlay, text: overlay.replace('newTag: v1.2.2', 'newTag: v1.2.3'), message: 'chore: promote agent-registry v1.2.3 to qa' });
    await call(cluster, 'PATCH', APP('agent-registry-qa'), { contentType: 'application/merge-patch+json', body: { metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } } } });
    await cluster.settle();
    const outOfSync = cluster.store.get('applications.argoproj.io', 'argocd', 'agent-registry-qa')!;
    expect(outOfSync.status.sync).toMatchObject({ status: 'OutOfSync', revision: commit });
    expect(outOfSync.status.resources[0]).toMatchObject({ kind: 'Deployment', status: 'OutOfSync' });

    await call(cluster, 'PATCH', APP('agent-registry-qa'), { contentType: 'application/merge-patch+json', body: { operation: { initiatedBy: { username: 'jane' }, sync: { revision: 'main' } } } });
    await cluster.clock.advance(5000);
    const deployment = cluster.store.get('deployments.apps', 'cmp-qa', 'agent-registry')!;
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/digitlify-inc/agent-registry:v1.2.3');
    await cluster.clock.advance(120_000);
    const synced = cluster.store.get('applications.argoproj.io', 'argocd', 'agent-registry-qa')!;
    expect(synced.status.sync).toMatchObject({ status: 'Synced', revision: commit });
    expect(synced.status.health.status).toBe('Healthy');
    expect(synced.status.history.at(-1)).toMatchObject({ revision: commit, initiatedBy: { username: 'jane' } });
    expect(synced.status.operationState.syncResult.resources[0].message).toBe('deployment.apps/agent-registry configured');
    // the dev stage is untouched: its overlay did not change
    expect(cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!.spec.template.spec.containers[0].image).toBe('ghcr.io/digitlify-inc/agent-registry:v1.2.3');
  });

  it('notices a commit without a refresh at the next repository poll (3 minutes)', async () => {
    const cluster = await start();
    const overlay = execFileSync('git', ['--git-dir', cluster.gitops.dir, 'show', `main:${qaOverlay}`], { encoding: 'utf8' });
    const commit = pushFile(cluster.gitops.dir, { path: qaOverlay, text: overlay.replace('newTag: v1.2.2', 'newTag: v1.3.0'), message: 'chore: promote v1.3.0' });
    await cluster.settle();
    expect(cluster.store.get('applications.argoproj.io', 'argocd', 'agent-registry-qa')!.status.sync.status).toBe('Synced');
    await cluster.clock.advance(180_000);
    expect(cluster.store.get('applications.argoproj.io', 'argocd', 'agent-registry-qa')!.status.sync).toMatchObject({ status: 'OutOfSync', revision: commit });
  });
});
