import { useClusters } from '../__testUtils__/cluster';
import { call } from '../__testUtils__/http';

jest.setTimeout(20_000);

const ES = '/apis/external-secrets.io/v1/namespaces/cmp/externalsecrets/agent-registry-secrets';

describe('External Secrets', () => {
  const start = useClusters();

  it('refreshes on a metadata change (force-sync annotation): refreshTime advances, SecretSynced', async () => {
    const cluster = await start();
    const before = cluster.store.get('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets')!;
    const patched = await call(cluster, 'PATCH', ES, {
      token: cluster.tokens.backend,
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { 'force-sync': '1764064800' } } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.generation).toBe(before.metadata.generation);
    await cluster.clock.advance(5000);
    const after = cluster.store.get('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets')!;
    expect(Date.parse(after.status.refreshTime)).toBeGreaterThan(Date.parse(before.status.refreshTime));
    expect(after.status.syncedResourceVersion).not.toBe(before.status.syncedResourceVersion);
    expect(after.status.syncedResourceVersion).toMatch(/^1-[0-9a-f]{32}$/);
    expect(after.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'SecretSynced', message: 'secret synced' });
    const secret = cluster.store.get('secrets', 'cmp', 'agent-registry-secrets')!;
    expect(secret.metadata.annotations?.['reconcile.external-secrets.io/data-hash']).toMatch(/^[0-9a-f]{32}$/);
    expect(cluster.store.list('events', { namespace: 'cmp', fieldSelector: 'involvedObject.name=agent-registry-secrets,reason=Updated' })).toHaveLength(1);
  });

  it('fails the refresh while the secret store is broken, then recovers', async () => {
    const cluster = await start();
    cluster.faults.breakSecretStore('vault');
    await cluster.settle();
    expect(cluster.store.get('clustersecretstores.external-secrets.io', undefined, 'vault')!.status.conditions[0]).toMatchObject({ status: 'False', reason: 'ValidationFailed' });
    const before = cluster.store.get('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets')!;
    cluster.store.patch('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets', { metadata: { annotations: { 'force-sync': '1' } } });
    await cluster.clock.advance(5000);
    const failed = cluster.store.get('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets')!;
    expect(failed.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'False', reason: 'SecretSyncedError', message: 'could not get secret data from provider' });
    expect(failed.status.refreshTime).toBe(before.status.refreshTime);
    const warnings = cluster.store.list('events', { namespace: 'cmp', fieldSelector: 'involvedObject.name=agent-registry-secrets,reason=UpdateFailed' });
    expect(warnings[0].type).toBe('Warning');
    expect(warnings[0].message).toContain('Vault is sealed');
    cluster.faults.fixSecretStore('vault');
    await cluster.clock.advance(5000);
    const recovered = cluster.store.get('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets')!;
    expect(recovered.status.conditions[0]).toMatchObject({ status: 'True', reason: 'SecretSynced' });
    expect(Date.parse(recovered.status.refreshTime)).toBeGreaterThan(Date.parse(before.status.refreshTime));
  });

  it('refreshes periodically by refreshInterval, but never again with refreshPolicy CreatedOnce', async () => {
    const cluster = await start();
    await cluster.clock.advance(45 * 60_000);
    const periodic = cluster.store.get('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets')!;
    expect(periodic.status.refreshTime).toBe('2026-11-25T10:40:01Z');
    cluster.store.patch('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets', { spec: { refreshPolicy: 'CreatedOnce' } });
    await cluster.clock.advance(2 * 3_600_000);
    expect(cluster.store.get('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets')!.status.refreshTime).toBe('2026-11-25T10:40:01Z');
  });
});
