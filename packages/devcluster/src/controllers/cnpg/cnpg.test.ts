import { useClusters } from '../../__testUtils__/cluster';
import { call, get } from '../../__testUtils__/http';
import type { KubeObject } from '../../api/types';
import type { DevCluster } from '../../cluster/startDevCluster';

jest.setTimeout(30_000);

const CLUSTER = '/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters/cmp-postgres';

function condition(object: { status?: { conditions?: Array<{ type: string }> } } | undefined, type: string) {
  return (object?.status?.conditions ?? []).find(candidate => candidate.type === type) as Record<string, string> | undefined;
}

/** What `kubectl cnpg backup cmp-postgres -m plugin --plugin-name barman-cloud.cloudnative-pg.io` creates. */
function requestBackup(cluster: DevCluster, name: string) {
  return call(cluster, 'POST', '/apis/postgresql.cnpg.io/v1/namespaces/cmp/backups', {
    token: cluster.tokens.backend,
    body: {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Backup',
      metadata: { name, labels: { 'cnpg.io/cluster': 'cmp-postgres' } },
      spec: { cluster: { name: 'cmp-postgres' }, method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' } },
    },
  });
}

describe('CloudNativePG', () => {
  const start = useClusters();

  it('seeds the cluster, its backups and the role!=primary selector trap of the ops guide', async () => {
    const cluster = await start();
    const db = cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres')!;
    expect(db.status).toMatchObject({ instances: 3, readyInstances: 3, currentPrimary: 'cmp-postgres-1', phase: 'Cluster in healthy state' });
    const backups = cluster.store.list('backups.postgresql.cnpg.io', { namespace: 'cmp', labelSelector: 'cnpg.io/cluster=cmp-postgres' });
    expect(backups).toHaveLength(7);
    expect(backups.filter(backup => backup.status.phase === 'failed')).toHaveLength(1);
    expect(backups.find(backup => backup.status.phase === 'failed')!.status.error).toBeTruthy();
    const store = cluster.store.get('objectstores.barmancloud.cnpg.io', 'cmp', 'cmp-postgres-store')!;
    expect(Object.keys(store.status.serverRecoveryWindow['cmp-postgres'])).toEqual(['firstRecoverabilityPoint', 'lastSuccessfulBackupTime', 'lastFailedBackupTime']);
    const trap = await get(cluster, '/api/v1/namespaces/cmp/pods?labelSelector=cnpg.io%2Fcluster%3Dcmp-postgres%2Crole!%3Dprimary');
    expect(trap.body.items[0].metadata.name).toMatch(/^cmp-postgres-1-initdb-/);
    expect(trap.body.items[0].metadata.labels['cnpg.io/instanceRole']).toBeUndefined();
    const correct = await get(cluster, '/api/v1/namespaces/cmp/pods?labelSelector=cnpg.io%2Fcluster%3Dcmp-postgres%2Ccnpg.io%2FpodRole%3Dinstance%2Ccnpg.io%2FinstanceRole%3Dreplica');
    expect(correct.body.items.map((pod: { metadata: { name: string } }) => pod.metadata.name)).toEqual(['cmp-postgres-2', 'cmp-postgres-3']);
  });

  it('takes an on-demand backup: pending → running → completed, updating cluster and object store', async () => {
    const cluster = await start();
    const created = await requestBackup(cluster, 'cmp-postgres-20261125100000');
    expect(created.status).toBe(201);
    await cluster.settle();
    expect(cluster.store.get('backups.postgresql.cnpg.io', 'cmp', 'cmp-postgres-20261125100000')!.status.phase).toBe('pending');
    await cluster.clock.advance(2000);
    const running = cluster.store.get('backups.postgresql.cnpg.io', 'cmp', 'cmp-postgres-20261125100000')!;
    expect(running.status).toMatchObject({ phase: 'running', method: 'plugin', serverName: 'cmp-postgres', instanceID: { podName: 'cmp-postgres-2' } });
    expect(condition(cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres'), 'LastBackupSucceeded')).toMatchObject({ status: 'False', reason: 'BackupStarted' });
    await cluster.clock.advance(60_000);
    const done = cluster.store.get('backups.postgresql.cnpg.io', 'cmp', 'cmp-postgres-20261125100000')!;
    expect(done.status.phase).toBe('completed');
    expect(done.status.stoppedAt).toBeTruthy();
    expect(done.status.beginWal).toMatch(/^[0-9A-F]{24}$/);
    expect(condition(cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres'), 'LastBackupSucceeded')).toMatchObject({ status: 'True', reason: 'LastBackupSucceeded', message: 'Backup was successful' });
    const window = cluster.store.get('objectstores.barmancloud.cnpg.io', 'cmp', 'cmp-postgres-store')!.status.serverRecoveryWindow['cmp-postgres'];
    expect(window.lastSuccessfulBackupTime).toBe(done.status.stoppedAt);
  });

  it('fails backups while the object store is broken, with the error, conditions, recovery window and a warning', async () => {
    const cluster = await start();
    cluster.faults.breakObjectStore('cmp', 'cmp-postgres-store');
    await cluster.settle();
    expect(condition(cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres'), 'ContinuousArchiving')).toMatchObject({ status: 'False', reason: 'ContinuousArchivingFailing' });
    await requestBackup(cluster, 'doomed');
    await cluster.clock.advance(60_000);
    const failed = cluster.store.get('backups.postgresql.cnpg.io', 'cmp', 'doomed')!;
    expect(failed.status.phase).toBe('failed');
    expect(failed.status.error).toContain('AccessDenied');
    const db = cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres')!;
    expect(condition(db, 'LastBackupSucceeded')).toMatchObject({ status: 'False', reason: 'LastBackupFailed' });
    const window = cluster.store.get('objectstores.barmancloud.cnpg.io', 'cmp', 'cmp-postgres-store')!.status.serverRecoveryWindow['cmp-postgres'];
    expect(window.lastFailedBackupTime).toBe(failed.status.stoppedAt);
    expect(cluster.store.list('events', { namespace: 'cmp', fieldSelector: 'involvedObject.name=doomed,type=Warning' })).toHaveLength(1);
    cluster.faults.fixObjectStore('cmp', 'cmp-postgres-store');
    await cluster.settle();
    expect(condition(cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres'), 'ContinuousArchiving')).toMatchObject({ status: 'True' });
  });

  it('creates scheduled backups on the 6-field cron schedule', async () => {
    const cluster = await start();
    await cluster.clock.advanceTo('2026-11-26T02:00:01Z');
    const name = 'cmp-postgres-daily-20261126020000';
    const backup = cluster.store.get('backups.postgresql.cnpg.io', 'cmp', name)!;
    expect(backup.metadata.labels).toMatchObject({ 'cnpg.io/cluster': 'cmp-postgres', 'cnpg.io/scheduled-backup': 'cmp-postgres-daily' });
    expect(backup.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ScheduledBackup', name: 'cmp-postgres-daily' });
    expect(backup.spec).toMatchObject({ method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' } });
    const scheduled = cluster.store.get('scheduledbackups.postgresql.cnpg.io', 'cmp', 'cmp-postgres-daily')!;
    expect(scheduled.status).toMatchObject({ lastScheduleTime: '2026-11-26T02:00:00Z', nextScheduleTime: '2026-11-27T02:00:00Z' });
    await cluster.clock.advance(60_000);
    expect(cluster.store.get('backups.postgresql.cnpg.io', 'cmp', name)!.status.phase).toBe('completed');
    const invalid = await call(cluster, 'POST', '/apis/postgresql.cnpg.io/v1/namespaces/cmp/scheduledbackups', {
      body: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'ScheduledBackup', metadata: { name: 'bad' }, spec: { schedule: '0 2 * * *', cluster: { name: 'cmp-postgres' } } },
    });
    expect(invalid.status).toBe(422);
  });

  it('switches over when targetPrimary is patched through the status subresource (kubectl cnpg promote)', async () => {
    const cluster = await start();
    const current = (await get(cluster, CLUSTER, { token: cluster.tokens.backend })).body;
    const promote = await call(cluster, 'PATCH', `${CLUSTER}/status`, {
      token: cluster.tokens.backend,
      contentType: 'application/merge-patch+json',
      body: {
        metadata: { resourceVersion: current.metadata.resourceVersion },
        status: { targetPrimary: 'cmp-postgres-2', targetPrimaryTimestamp: '2026-11-25T10:00:00.000000Z', phase: 'Switchover in progress', phaseReason: 'Switching over to cmp-postgres-2' },
      },
    });
    expect(promote.status).toBe(200);
    const stale = await call(cluster, 'PATCH', `${CLUSTER}/status`, {
      token: cluster.tokens.backend,
      contentType: 'application/merge-patch+json',
      body: { metadata: { resourceVersion: current.metadata.resourceVersion }, status: { targetPrimary: 'cmp-postgres-3' } },
    });
    expect(stale.status).toBe(409);
    await cluster.clock.advance(1000);
    const switching = cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres')!;
    expect(switching.status).toMatchObject({ phase: 'Switchover in progress', currentPrimary: 'cmp-postgres-1', targetPrimary: 'cmp-postgres-2' });
    await cluster.clock.advance(10_000);
    const switched = cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres')!;
    expect(switched.status).toMatchObject({ phase: 'Cluster in healthy state', currentPrimary: 'cmp-postgres-2', targetPrimary: 'cmp-postgres-2', timelineID: 2 });
    expect(condition(switched, 'Ready')).toMatchObject({ status: 'True' });
    const roles = Object.fromEntries(
      cluster.store.list('pods', { namespace: 'cmp', labelSelector: 'cnpg.io/podRole=instance' }).map(pod => [pod.metadata.name, pod.metadata.labels?.['cnpg.io/instanceRole']]),
    );
    expect(roles).toEqual({ 'cmp-postgres-1': 'replica', 'cmp-postgres-2': 'primary', 'cmp-postgres-3': 'replica' });
    const endpoints = cluster.store.get('endpoints', 'cmp', 'cmp-postgres-rw')! as { subsets: Array<{ addresses: Array<{ targetRef: { name: string } }> }> } & KubeObject;
    expect(endpoints.subsets[0].addresses.map((address: { targetRef: { name: string } }) => address.targetRef.name)).toEqual(['cmp-postgres-2']);
    const reasons = cluster.store.list('events', { namespace: 'cmp', fieldSelector: 'involvedObject.name=cmp-postgres' }).map(event => event.reason);
    expect(reasons).toEqual(expect.arrayContaining(['SwitchoverInitiated', 'SwitchoverCompleted']));
  });

  it('bootstraps a new cluster by recovery from a completed backup', async () => {
    const cluster = await start();
    const source = cluster.store.list('backups.postgresql.cnpg.io', { namespace: 'cmp' }).find(backup => backup.status.phase === 'completed')!;
    const created = await call(cluster, 'POST', '/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters', {
      token: cluster.tokens.backend,
      body: {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: { name: 'cmp-postgres-restored' },
        spec: { instances: 2, storage: { size: '20Gi' }, bootstrap: { recovery: { backup: { name: source.metadata.name } } } },
      },
    });
    expect(created.status).toBe(201);
    await cluster.clock.advance(1000);
    expect(cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres-restored')!.status.phase).toBe('Setting up primary');
    expect(cluster.store.get('jobs.batch', 'cmp', 'cmp-postgres-restored-1-full-recovery')).toBeDefined();
    await cluster.clock.advance(120_000);
    const restored = cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres-restored')!;
    expect(restored.status).toMatchObject({ phase: 'Cluster in healthy state', instances: 2, readyInstances: 2, currentPrimary: 'cmp-postgres-restored-1' });
    expect(cluster.store.list('persistentvolumeclaims', { namespace: 'cmp', labelSelector: 'cnpg.io/cluster=cmp-postgres-restored' })).toHaveLength(2);
    const invalid = await call(cluster, 'POST', '/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters', {
      body: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'nosource' }, spec: { instances: 1, storage: { size: '1Gi' }, bootstrap: { recovery: { source: 'missing' } } } },
    });
    expect(invalid.status).toBe(422);
  });

  it('scales instances up and down by spec.instances', async () => {
    const cluster = await start();
    cluster.store.patch('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres', { spec: { instances: 4 } });
    await cluster.clock.advance(60_000);
    expect(cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres')!.status).toMatchObject({ instances: 4, readyInstances: 4, phase: 'Cluster in healthy state' });
    expect(cluster.store.get('pods', 'cmp', 'cmp-postgres-4')?.metadata.labels?.['cnpg.io/instanceRole']).toBe('replica');
    cluster.store.patch('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres', { spec: { instances: 3 } });
    await cluster.clock.advance(10_000);
    expect(cluster.store.get('pods', 'cmp', 'cmp-postgres-4')).toBeUndefined();
    expect(cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres')!.status.instanceNames).toEqual(['cmp-postgres-1', 'cmp-postgres-2', 'cmp-postgres-3']);
  });
});
