import { useClusters } from '../__testUtils__/cluster';
import { call } from '../__testUtils__/http';
import type { DevCluster } from '../cluster/startDevCluster';

const path = '/apis/apps/v1/namespaces/default/deployments/ssa';

function configuration(replicas: number, labels: Record<string, string> = { app: 'ssa' }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ssa', labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'ssa' } },
      template: { metadata: { labels: { app: 'ssa' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  };
}

function apply(cluster: DevCluster, manager: string | undefined, body: unknown, force = false) {
  const query = [manager ? `fieldManager=${manager}` : '', force ? 'force=true' : ''].filter(Boolean).join('&');
  return call(cluster, 'PATCH', `${path}?${query}`, { body: JSON.stringify(body), contentType: 'application/apply-patch+yaml' });
}

function owners(cluster: DevCluster) {
  const managed = cluster.store.get('deployments.apps', 'default', 'ssa')!.metadata.managedFields as Array<{ manager: string; operation: string; fieldsV1: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  return Object.fromEntries(managed.map(entry => [`${entry.manager}/${entry.operation}`, entry.fieldsV1]));
}

describe('server-side apply with field ownership', () => {
  const start = useClusters();

  it('owns what was applied, refuses a conflicting apply, lets equal values be co-owned and forcing take over', async () => {
    const cluster = await start({ seed: 'empty' });
    expect((await apply(cluster, 'team-a', configuration(2))).status).toBe(201);
    const created = owners(cluster)['team-a/Apply'];
    expect(created['f:spec']['f:replicas']).toEqual({});
    expect(created['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']).toEqual({ '.': {}, 'f:image': {}, 'f:name': {} });
    expect(created['f:spec']['f:progressDeadlineSeconds']).toBeUndefined();
    const conflict = await apply(cluster, 'team-b', configuration(5));
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toBe('Apply failed with 1 conflict: conflict with "team-a" using apps/v1: .spec.replicas');
    expect(conflict.body.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "team-a" using apps/v1', field: '.spec.replicas' }]);
    expect((await apply(cluster, 'team-b', configuration(2))).status).toBe(200);
    expect(owners(cluster)['team-b/Apply']['f:spec']['f:replicas']).toEqual({});
    const forced = await apply(cluster, 'team-b', configuration(5), true);
    expect(forced.body.spec.replicas).toBe(5);
    const after = owners(cluster);
    expect(after['team-a/Apply']['f:spec']['f:replicas']).toBeUndefined();
    expect(after['team-a/Apply']['f:spec']['f:selector']).toEqual({ 'f:matchLabels': { 'f:app': {} } });
  });

  it('removes fields a manager stops applying, and gives updates the fields they change', async () => {
    const cluster = await start({ seed: 'empty' });
    await apply(cluster, 'team-a', configuration(2, { app: 'ssa', tier: 'web' }));
    await apply(cluster, 'team-a', configuration(2));
    expect(cluster.store.get('deployments.apps', 'default', 'ssa')!.metadata.labels).toEqual({ app: 'ssa' });
    const edited = await call(cluster, 'PATCH', `${path}?fieldManager=editor`, { body: { spec: { replicas: 4 } }, contentType: 'application/merge-patch+json' });
    expect(edited.status).toBe(200);
    expect(owners(cluster)['editor/Update']).toEqual({ 'f:spec': { 'f:replicas': {} } });
    const reapplied = await apply(cluster, 'team-a', configuration(2));
    expect(reapplied.body.message).toBe('Apply failed with 1 conflict: conflict with "editor" using apps/v1: .spec.replicas');
    const missingManager = await apply(cluster, undefined, configuration(2));
    expect(missingManager.status).toBe(422);
    expect(missingManager.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });
});
