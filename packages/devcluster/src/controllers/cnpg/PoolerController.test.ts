import { useClusters } from '../../__testUtils__/cluster';
import { call } from '../../__testUtils__/http';
import type { DevCluster } from '../../cluster/startDevCluster';

jest.setTimeout(30_000);

const POOLER = '/apis/postgresql.cnpg.io/v1/namespaces/cmp/poolers/cmp-postgres-pooler-rw';

function patchPooler(cluster: DevCluster, spec: Record<string, unknown>) {
  return call(cluster, 'PATCH', POOLER, { contentType: 'application/merge-patch+json', body: { spec } });
}

const deployment = (cluster: DevCluster) => cluster.store.get('deployments.apps', 'cmp', 'cmp-postgres-pooler-rw')!;
const pods = (cluster: DevCluster) =>
  cluster.store.list('pods', { namespace: 'cmp', labelSelector: 'cnpg.io/poolerName=cmp-postgres-pooler-rw' }).filter(p => !p.metadata.deletionTimestamp);
const replicaSets = (cluster: DevCluster) => cluster.store.list('replicasets.apps', { namespace: 'cmp', labelSelector: 'cnpg.io/poolerName=cmp-postgres-pooler-rw' });

/** Advances the simulated clock until the pooler's Deployment has rolled out `replicas` available pods. */
async function rolledOut(cluster: DevCluster, replicas: number) {
  for (let step = 0; step < 60; step++) {
    const d = deployment(cluster);
    const s = d.status ?? {};
    if (s.observedGeneration === d.metadata.generation && s.replicas === replicas && s.availableReplicas === replicas && s.updatedReplicas === replicas) return d;
    await cluster.clock.advance(1000);
  }
  throw new Error(`the pooler deployment did not roll out ${replicas} replicas: ${JSON.stringify(deployment(cluster).status)}`);
}

describe('CloudNativePG Pooler', () => {
  const start = useClusters();

  it('seeds cmp-postgres-pooler-rw as the operator would have made it, and the operator leaves it alone', async () => {
    const cluster = await start();
    await cluster.settle();
    const pooler = cluster.store.get('poolers.postgresql.cnpg.io', 'cmp', 'cmp-postgres-pooler-rw')!;
    expect(pooler.spec).toMatchObject({ cluster: { name: 'cmp-postgres' }, instances: 2, type: 'rw', pgbouncer: { poolMode: 'transaction', parameters: { default_pool_size: '20', max_client_conn: '200' } } });
    expect(pooler.status.instances).toBe(2);
    const d = deployment(cluster);
    expect(d.metadata.labels).toMatchObject({ 'cnpg.io/poolerName': 'cmp-postgres-pooler-rw', 'cnpg.io/cluster': 'cmp-postgres' });
    expect(d.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Pooler', name: 'cmp-postgres-pooler-rw', controller: true });
    expect(d.metadata.generation).toBe(1);
    expect(d.spec.template.spec.containers[0]).toMatchObject({ name: 'pgbouncer', command: ['/controller/manager', 'pgbouncer', 'run'] });
    expect(pods(cluster)).toHaveLength(2);
    const service = cluster.store.get('services', 'cmp', 'cmp-postgres-pooler-rw')!;
    expect(service.spec).toMatchObject({ selector: { 'cnpg.io/poolerName': 'cmp-postgres-pooler-rw' }, ports: [expect.objectContaining({ port: 5432, targetPort: 'pgbouncer' })] });
    expect(cluster.controllerErrors).toEqual([]);
  });

  it('scales the Deployment with spec.instances, without a new revision', async () => {
    const cluster = await start();
    expect((await patchPooler(cluster, { instances: 3 })).status).toBe(200);
    await cluster.settle();
    await rolledOut(cluster, 3);
    expect(replicaSets(cluster)).toHaveLength(1);
    expect(pods(cluster)).toHaveLength(3);
    expect(cluster.store.get('poolers.postgresql.cnpg.io', 'cmp', 'cmp-postgres-pooler-rw')!.status.instances).toBe(3);
    expect(cluster.controllerErrors).toEqual([]);
  });

  it('applies PgBouncer parameters and the pool mode by reload: the pod template does not change, no pod restarts', async () => {
    const cluster = await start();
    await cluster.settle();
    const before = pods(cluster).map(p => p.metadata.uid).sort();
    const hashBefore = deployment(cluster).metadata.annotations?.['cnpg.io/poolerSpecHash'];
    const patched = await patchPooler(cluster, { pgbouncer: { poolMode: 'session', parameters: { default_pool_size: '30' } } });
    expect(patched.status).toBe(200);
    await cluster.settle();
    await cluster.clock.advance(5000);
    expect(deployment(cluster).metadata.annotations?.['cnpg.io/poolerSpecHash']).not.toBe(hashBefore);
    expect(replicaSets(cluster)).toHaveLength(1);
    expect(pods(cluster).map(p => p.metadata.uid).sort()).toEqual(before);
  });

  it('refuses what CNPG refuses: statement pool mode, a parameter the operator manages, an invented field', async () => {
    const cluster = await start();
    const statement = await patchPooler(cluster, { pgbouncer: { poolMode: 'statement' } });
    expect(statement.status).toBe(422);
    expect(statement.body.message).toMatch(/spec\.pgbouncer\.poolMode: Unsupported value: "statement"/);
    const reserved = await patchPooler(cluster, { pgbouncer: { parameters: { listen_port: '6543' } } });
    expect(reserved.status).toBe(422);
    expect(reserved.body.message).toMatch(/spec\.pgbouncer\.parameters\.listen_port.*Invalid or reserved parameter/);
    const invented = await call(cluster, 'PATCH', `${POOLER}?fieldValidation=Strict`, { contentType: 'application/merge-patch+json', body: { spec: { poolSize: 3 } } });
    expect(invented.status).toBe(400);
    expect(invented.body.message).toMatch(/unknown field "spec.poolSize"/);
  });

  it('creates the Deployment, Service and ServiceAccount of a new pooler, and scales through /scale', async () => {
    const cluster = await start();
    const created = await call(cluster, 'POST', '/apis/postgresql.cnpg.io/v1/namespaces/cmp/poolers', {
      body: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Pooler', metadata: { name: 'cmp-postgres-pooler-ro' }, spec: { cluster: { name: 'cmp-postgres' }, type: 'ro', pgbouncer: {} } },
    });
    expect(created.status).toBe(201);
    expect(created.body.spec).toMatchObject({ instances: 1, pgbouncer: { poolMode: 'session', paused: false } });
    await cluster.settle();
    expect(cluster.store.get('services', 'cmp', 'cmp-postgres-pooler-ro')).toBeTruthy();
    expect(cluster.store.get('serviceaccounts', 'cmp', 'cmp-postgres-pooler-ro')).toBeTruthy();
    const scaled = await call(cluster, 'PATCH', '/apis/postgresql.cnpg.io/v1/namespaces/cmp/poolers/cmp-postgres-pooler-ro/scale', {
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 2 } },
    });
    expect(scaled.status).toBe(200);
    await cluster.settle();
    expect(cluster.store.get('deployments.apps', 'cmp', 'cmp-postgres-pooler-ro')!.spec.replicas).toBe(2);
  });
});
