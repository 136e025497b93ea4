import { gunzipSync } from 'node:zlib';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityOpsView } from '@gsv/plugin-gsv-ops-common';
import { NOW_ISO, pvc } from '../../__fixtures__/objects';
import { agentRegistryEntity, keycloakEntity, platformObjects } from '../../__fixtures__/platform';
import { FakeKubernetesClient } from '../../__testUtils__/FakeKubernetesClient';
import { DEFAULT_THRESHOLDS } from '../../domain/thresholds';
import { PvcUsageCollector } from '../PvcUsage/PvcUsageCollector';
import { WatchCache } from '../WatchCache/WatchCache';
import { DefaultOpsService } from './DefaultOpsService';
import type { ConditionalResult } from './types';

const credentials = mockCredentials.user();
const entityRef = 'component:default/agent-registry';
const fast = { initialMs: 10, maxMs: 40, resetMs: 1000, factor: 2, jitter: 0 };

// generous: a busy machine delays the watch cache's reconnects; the loop ends as soon as the condition holds
async function until(condition: () => boolean, timeoutMs = 20_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise(r => setTimeout(r, 5));
  }
}

function json<T>(result: ConditionalResult<T>): T {
  if (result.notModified) throw new Error('expected content');
  return result.value;
}

describe('DefaultOpsService', () => {
  let clock: number;
  let cache: WatchCache;
  let dev: FakeKubernetesClient;
  let prod: FakeKubernetesClient;
  let service: DefaultOpsService;
  let usage: PvcUsageCollector;

  beforeEach(async () => {
    clock = Date.parse(NOW_ISO);
    dev = new FakeKubernetesClient('gsv-dev', platformObjects());
    prod = new FakeKubernetesClient('gsv-prod', platformObjects());
    prod.absent.add('objectstores');
    cache = new WatchCache({
      clusters: [
        { name: 'gsv-dev', environment: 'dev', namespaces: [], requestTimeoutMs: 500, client: dev },
        { name: 'gsv-prod', environment: 'prod', namespaces: [], requestTimeoutMs: 500, client: prod },
      ],
      now: () => clock,
      backoff: fast,
      probeIntervalMs: () => 30,
    });
    usage = new PvcUsageCollector({ watchCache: cache, intervalSeconds: 60, now: () => clock });
    service = new DefaultOpsService({
      catalog: catalogServiceMock({ entities: [agentRegistryEntity, keycloakEntity] }),
      watchCache: cache,
      usage,
      thresholds: DEFAULT_THRESHOLDS,
      now: () => clock,
    });
    cache.start();
    await until(() => cache.hasSynced());
  });

  afterEach(async () => {
    service.close();
    await cache.stop();
    jest.restoreAllMocks();
  });

  it('shows the entity in every cluster it runs in, each with its environment, findings tagged with the cluster', async () => {
    const view = json<EntityOpsView>(await service.getEntityView({ entityRef, credentials }));
    expect(view.clusters.map(c => [c.cluster.name, c.cluster.environment])).toEqual([
      ['gsv-dev', 'dev'],
      ['gsv-prod', 'prod'],
    ]);
    expect(view.errors).toEqual([]);
    expect(view.clusters[1].cluster.absentKinds).toEqual(['objectstores']);
    // without the ObjectStore CRD the recovery window is unknown, which is said, not guessed
    expect(view.clusters[1].databases[0].findings.map(f => f.code)).toContain('backup.object-store-missing');
    expect(new Set(view.findings.map(f => f.cluster))).toEqual(new Set(['gsv-dev', 'gsv-prod']));

    const onlyProd = json<EntityOpsView>(await service.getEntityView({ entityRef, credentials, cluster: 'gsv-prod' }));
    expect(onlyProd.clusters.map(c => c.cluster.name)).toEqual(['gsv-prod']);
    await expect(service.getEntityView({ entityRef, credentials, cluster: 'nope' })).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(service.getEntityView({ entityRef: 'component:default/nope', credentials })).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('serves as body the JSON of the view it computed, the clusters serialised once per cluster part', async () => {
    const result = await service.getEntityView({ entityRef, credentials });
    if (result.notModified) throw new Error('expected content');
    expect(JSON.parse(result.body)).toEqual(JSON.parse(JSON.stringify(result.value)));
    // its gzip encoding is made once, for every viewer of this content
    const again = await service.getEntityView({ entityRef, credentials });
    if (again.notModified) throw new Error('expected content');
    expect(again.gzipped!()).toBe(result.gzipped!());
    expect(gunzipSync(result.gzipped!()).toString()).toBe(result.body);
    // one cluster changes: its part is rebuilt, the other's kept, and the body follows
    dev.put('deployments', { ...platformObjects().deployments[0], status: { ...platformObjects().deployments[0].status, availableReplicas: 1 } });
    await until(() => cache.cluster('gsv-dev')!.list('deployments').some(d => d.status?.availableReplicas === 1));
    const after = await service.getEntityView({ entityRef, credentials });
    if (after.notModified) throw new Error('expected content');
    expect(after.etag).not.toBe(result.etag);
    expect(JSON.parse(after.body)).toEqual(JSON.parse(JSON.stringify(after.value)));
    expect(JSON.parse(after.body).clusters[1]).toEqual(JSON.parse(result.body).clusters[1]);
  });

  it('keeps answering from memory when a cluster goes down: last known state, its age and the error; recovery is automatic', async () => {
    prod.setDown(true);
    await until(() => cache.cluster('gsv-prod')!.status().error !== undefined);
    clock += 90_000;

    const started = Date.now();
    const view = json<EntityOpsView>(await service.getEntityView({ entityRef, credentials }));
    // from memory: it did not wait for a request to the unreachable cluster (500 ms timeout)
    expect(Date.now() - started).toBeLessThan(500);
    const prodView = view.clusters.find(c => c.cluster.name === 'gsv-prod')!;
    expect(prodView.cluster.error).toMatchObject({ cluster: 'gsv-prod', reason: 'Unreachable' });
    expect(prodView.cluster.ageSeconds).toBeGreaterThanOrEqual(90);
    expect(prodView.deployments.map(d => d.name)).toEqual(['agent-registry']); // last known data
    expect(prodView.findings[0].code === 'cluster.unreachable' || prodView.findings.some(f => f.code === 'cluster.unreachable')).toBe(true);
    expect(view.errors.map(e => e.cluster)).toEqual(['gsv-prod']);
    const devView = view.clusters.find(c => c.cluster.name === 'gsv-dev')!;
    expect(devView.cluster.error).toBeUndefined();

    prod.setDown(false);
    await until(() => cache.cluster('gsv-prod')!.status().error === undefined);
    const recovered = json<EntityOpsView>(await service.getEntityView({ entityRef, credentials }));
    expect(recovered.errors).toEqual([]);
    expect(recovered.etag).not.toBe(view.etag);
  });

  it('computes a view once for any number of viewers until something relevant changes', async () => {
    const computed = () => service.stats().entityViews;
    const results = await Promise.all(Array.from({ length: 20 }, () => service.getEntityView({ entityRef, credentials })));
    expect(computed()).toBe(1);
    expect(new Set(results.map(r => r.etag)).size).toBe(1);

    // a change in another namespace (keycloak in sso) does not recompute the agent-registry view
    dev.put('deployments', { ...platformObjects().deployments[2], status: { replicas: 1 } });
    await new Promise(r => setTimeout(r, 20));
    await service.getEntityView({ entityRef, credentials });
    expect(computed()).toBe(1);

    // a change in cmp does
    dev.put('deployments', { ...platformObjects().deployments[0], status: { ...platformObjects().deployments[0].status, availableReplicas: 2 } });
    await until(() => cache.cluster('gsv-dev')!.list('deployments').some(d => d.status?.availableReplicas === 2));
    const after = await service.getEntityView({ entityRef, credentials });
    expect(computed()).toBe(2);
    expect(after.etag).not.toBe(results[0].etag);
  });

  it('announces a view in use whose content changed, in the background, without a request', async () => {
    const changes: unknown[] = [];
    service.onViewChanged(change => changes.push(change));
    await service.getEntityView({ entityRef, credentials });
    await service.getPlatformHealth({ credentials });
    expect(changes).toEqual([]); // a first computation is no change

    // a change in another namespace (keycloak in sso) is no change of the agent-registry view
    dev.put('deployments', { ...platformObjects().deployments[2], status: { replicas: 1 } });
    await new Promise(r => setTimeout(r, 100));
    expect(changes).not.toContainEqual({ type: 'entity', entityRef });

    const deployment = platformObjects().deployments[0];
    dev.put('deployments', { ...deployment, status: { ...deployment.status, availableReplicas: 0, readyReplicas: 0 } });
    await until(() => changes.some(c => (c as { type: string }).type === 'entity'));
    expect(changes.filter(c => (c as { type: string }).type === 'entity')).toEqual([{ type: 'entity', entityRef }]);
  });

  it('keeps the etag when only time passes and the content is the same', async () => {
    const background = () => new Promise(r => setTimeout(r, 20));
    clock = Date.parse('2024-12-04T09:59:00Z');
    const first = await service.getEntityView({ entityRef, credentials });
    clock += 45_000; // next time bucket: served at once, recomputed in the background, same content
    const second = await service.getEntityView({ entityRef, credentials, ifNoneMatch: first.etag });
    expect(second.notModified && second.etag).toBe(first.etag);
    await background();
    expect(service.stats().entityViews).toBe(2);
    const third = await service.getEntityView({ entityRef, credentials, ifNoneMatch: first.etag });
    expect(third.notModified).toBe(true);
    // …until time changes what is true: the certificate event (09:00:30) leaves the 60-minute window at 10:00:30
    clock += 60_000;
    await service.getEntityView({ entityRef, credentials, ifNoneMatch: first.etag }); // stale, revalidating
    await background();
    const fourth = await service.getEntityView({ entityRef, credentials, ifNoneMatch: first.etag });
    expect(fourth.notModified).toBe(false);
  });

  it('keeps views in use current in the background, so a viewer after a change does not wait for a computation', async () => {
    await service.getEntityView({ entityRef, credentials });
    expect(service.stats().entityViews).toBe(1);
    dev.put('deployments', { ...platformObjects().deployments[0], status: { ...platformObjects().deployments[0].status, availableReplicas: 1 } });
    await until(() => service.stats().entityViews === 2);
    const view = json<EntityOpsView>(await service.getEntityView({ entityRef, credentials }));
    expect(service.stats().entityViews).toBe(2);
    expect(view.clusters[0].deployments[0].availableReplicas).toBe(1);
  });

  it('recomputes the platform view at most once a second on a busy cluster, and wakes its long polls when it does', async () => {
    const first = await service.getPlatformHealth({ credentials });
    const waiting = service.getPlatformHealth({ credentials, ifNoneMatch: first.etag, waitSeconds: 5 });
    dev.remove('pods', 'cmp', 'agent-registry-5d8f7-c');
    const changed = await waiting;
    expect(changed.notModified).toBe(false);
    const computed = service.stats().platformViews;
    for (let i = 0; i < 5; i++) dev.put('pods', { ...platformObjects().pods[0], metadata: { ...platformObjects().pods[0].metadata, name: `burst-${i}` } });
    await new Promise(r => setTimeout(r, 50));
    await service.getPlatformHealth({ credentials });
    await service.getPlatformHealth({ credentials });
    expect(service.stats().platformViews - computed).toBeLessThanOrEqual(1);
  });

  it('answers a long poll as soon as the content changes, and 304 at the end of the wait otherwise', async () => {
    const { etag } = await service.getEntityView({ entityRef, credentials });
    const quiet = await service.getEntityView({ entityRef, credentials, ifNoneMatch: etag, waitSeconds: 0.2 as unknown as number });
    expect(quiet.notModified).toBe(true);

    const waiting = service.getEntityView({ entityRef, credentials, ifNoneMatch: etag, waitSeconds: 5 });
    const started = Date.now();
    setTimeout(() => dev.remove('pods', 'cmp', 'agent-registry-5d8f7-c'), 50);
    const changed = await waiting;
    expect(changed.notModified).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('shows PVC usage and node CPU and memory from the kubelet summary of every node, and unknown otherwise', async () => {
    dev.put('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'control-plane', uid: 'uid-cp', resourceVersion: '1' }, status: {} });
    dev.summaries.set('control-plane', { node: { nodeName: 'control-plane', cpu: { usageNanoCores: 3.1e8 }, memory: { workingSetBytes: 2 ** 30 } } });
    await until(() => cache.clusters()[0].list('nodes').some(n => n.metadata.name === 'control-plane'));
    dev.summaries.set('node-1', {
      node: { nodeName: 'node-1', cpu: { usageNanoCores: 1.2e9 }, memory: { workingSetBytes: 6 * 2 ** 30 } },
      pods: [
        {
          podRef: { name: 'cmp-postgres-1', namespace: 'cmp' },
          volume: [{ name: 'pgdata', pvcRef: { name: 'cmp-postgres-1', namespace: 'cmp' }, usedBytes: 0.92 * 20 * 2 ** 30, capacityBytes: 20 * 2 ** 30 }],
        },
      ],
    });
    dev.put('persistentvolumeclaims', pvc('cmp-postgres-1'));
    await usage.collectOnce();
    // every node, the control plane (no PVCs) included; node-2's summary is missing (404): its PVC stays unknown
    expect(dev.paths.filter(p => p.includes('/proxy/stats/summary')).sort()).toEqual([
      '/api/v1/nodes/control-plane/proxy/stats/summary',
      '/api/v1/nodes/node-1/proxy/stats/summary',
      '/api/v1/nodes/node-2/proxy/stats/summary',
    ]);
    expect(usage.node('gsv-dev', 'control-plane')).toEqual({ cpuNanoCores: 3.1e8, memoryWorkingSetBytes: 2 ** 30, measuredAt: clock });
    const view = json<EntityOpsView>(await service.getEntityView({ entityRef, credentials, cluster: 'gsv-dev' }));
    const pvcs = view.clusters[0].pvcs;
    expect(pvcs.map(p => [p.name, p.level, p.usedRatio === undefined ? 'unknown' : Math.round(p.usedRatio * 100)])).toEqual([
      ['cmp-postgres-1', 'critical', 92],
      ['cmp-postgres-2', 'unknown', 'unknown'],
    ]);
    expect(view.findings.map(f => f.code)).toContain('pvc.usage');

    // figures older than three intervals are dropped: unknown again, never 0
    clock += 181_000;
    const stale = json<EntityOpsView>(await service.getEntityView({ entityRef, credentials, cluster: 'gsv-dev' }));
    expect(stale.clusters[0].pvcs[0].usedBytes).toBeUndefined();
  });

  it('builds the platform health view over both clusters, with failing clusters reported', async () => {
    prod.setDown(true);
    await until(() => cache.cluster('gsv-prod')!.status().error !== undefined);
    const result = await service.getPlatformHealth({ credentials });
    const view = json(result);
    expect(view.clusters.map(c => [c.name, Boolean(c.error)])).toEqual([
      ['gsv-dev', false],
      ['gsv-prod', true],
    ]);
    expect(view.errors).toEqual([expect.objectContaining({ cluster: 'gsv-prod', reason: 'Unreachable' })]);
    expect(view.nodes).toHaveLength(4);
    expect(view.nonRunningPods.map(r => `${r.cluster}/${r.item.name}`)).toEqual([
      'gsv-dev/agent-registry-5d8f7-c',
      'gsv-prod/agent-registry-5d8f7-c',
    ]);
    expect(view.findings[0].level).toBe('critical');
  });
});
