import { useClusters } from '../__testUtils__/cluster';
import { call, get } from '../__testUtils__/http';

jest.setTimeout(20_000);

const configMap = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

const deployment = (name: string, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'example/app:1.0.0' }] } },
  },
});

describe('resource verbs and semantics', () => {
  const start = useClusters();

  it('creates objects with server-set metadata, defaults and generateName', async () => {
    const cluster = await start({ seed: 'empty' });
    const created = await call(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment('web') });
    expect(created.status).toBe(201);
    const { metadata, spec } = created.body;
    expect(metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(metadata.creationTimestamp).toBe('2026-11-25T10:00:00Z');
    expect(metadata.generation).toBe(1);
    expect(Number(metadata.resourceVersion)).toBeGreaterThan(0);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');

    const generated = await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'settings-' } },
    });
    expect(generated.status).toBe(201);
    expect(generated.body.metadata.name).toMatch(/^settings-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('answers get and list with kinds, resourceVersions and 404 Status objects', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('one') });
    const one = await get(cluster, '/api/v1/namespaces/default/configmaps/one');
    expect(one.status).toBe(200);
    expect(one.body.kind).toBe('ConfigMap');
    const list = await get(cluster, '/api/v1/namespaces/default/configmaps');
    expect(list.body.kind).toBe('ConfigMapList');
    expect(list.body.apiVersion).toBe('v1');
    expect(Number(list.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(one.body.metadata.resourceVersion));
    const missing = await get(cluster, '/api/v1/namespaces/default/configmaps/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'configmaps "nope" not found',
      details: { name: 'nope', kind: 'configmaps' },
    });
    const missingDeployment = await get(cluster, '/apis/apps/v1/namespaces/default/deployments/nope');
    expect(missingDeployment.body.message).toBe('deployments.apps "nope" not found');
    const unknownResource = await get(cluster, '/api/v1/namespaces/default/widgets');
    expect(unknownResource.status).toBe(404);
  });

  it('filters lists with equality and set-based label selectors and field selectors', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('a', { app: 'web', tier: 'front' }) });
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('b', { app: 'web', tier: 'back' }) });
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('c', { app: 'db' }) });
    const names = async (query: string) =>
      (await get(cluster, `/api/v1/namespaces/default/configmaps?${query}`)).body.items.map((item: { metadata: { name: string } }) => item.metadata.name).filter((name: string) => name !== 'kube-root-ca.crt');
    expect(await names('labelSelector=app%3Dweb')).toEqual(['a', 'b']);
    expect(await names('labelSelector=app%3D%3Dweb,tier!%3Dfront')).toEqual(['b']);
    expect(await names('labelSelector=tier%20in%20(front,back)')).toEqual(['a', 'b']);
    expect(await names('labelSelector=tier%20notin%20(front)')).toEqual(['b', 'c']);
    expect(await names('labelSelector=tier')).toEqual(['a', 'b']);
    expect(await names('labelSelector=!tier')).toEqual(['c']);
    expect(await names('fieldSelector=metadata.name%3Dc')).toEqual(['c']);
    expect(await names('fieldSelector=metadata.name!%3Dc&labelSelector=app')).toEqual(['a', 'b']);
    const bad = await get(cluster, '/api/v1/namespaces/default/configmaps?labelSelector=app%20in%20(');
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
    const unsupported = await get(cluster, '/api/v1/namespaces/default/configmaps?fieldSelector=spec.nothing%3Dx');
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.message).toContain('field label not supported: spec.nothing');
  });

  it('pages lists with limit and continue', async () => {
    const cluster = await start({ seed: 'empty' });
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap(name, { page: 'yes' }) });
    }
    const first = await get(cluster, '/api/v1/namespaces/default/configmaps?labelSelector=page&limit=2');
    expect(first.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(['p1', 'p2']);
    expect(first.body.metadata.remainingItemCount).toBe(3);
    const token = first.body.metadata.continue;
    expect(token).toBeTruthy();
    const second = await get(cluster, `/api/v1/namespaces/default/configmaps?labelSelector=page&limit=2&continue=${encodeURIComponent(token)}`);
    expect(second.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(['p3', 'p4']);
    expect(second.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
    const third = await get(cluster, `/api/v1/namespaces/default/configmaps?labelSelector=page&limit=2&continue=${encodeURIComponent(second.body.metadata.continue)}`);
    expect(third.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(['p5']);
    expect(third.body.metadata.continue).toBeUndefined();
  });

  it('updates with optimistic concurrency and rejects stale resourceVersions with 409 Conflict', async () => {
    const cluster = await start({ seed: 'empty' });
    const created = (await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('cc', {}, { a: '1' }) })).body;
    const updated = await call(cluster, 'PUT', '/api/v1/namespaces/default/configmaps/cc', { body: { ...created, data: { a: '2' } } });
    expect(updated.status).toBe(200);
    expect(updated.body.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    const stale = await call(cluster, 'PUT', '/api/v1/namespaces/default/configmaps/cc', { body: { ...created, data: { a: '3' } } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toBe(
      'Operation cannot be fulfilled on configmaps "cc": the object has been modified; please apply your changes to the latest version and try again',
    );
    const duplicate = await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('cc') });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "cc" already exists' });
  });

  it('rejects invalid objects with 422 and field causes', async () => {
    const cluster = await start({ seed: 'empty' });
    const bad = deployment('bad', -1);
    const response = await call(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: bad });
    expect(response.status).toBe(422);
    expect(response.body.reason).toBe('Invalid');
    expect(response.body.message).toBe('Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(response.body.details.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }]);
    const badName = await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('Not_Valid') });
    expect(badName.status).toBe(422);
    expect(badName.body.details.causes[0].field).toBe('metadata.name');
    const malformed = await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: '{not json' });
    expect(malformed.status).toBe(400);
    const wrongNamespace = await call(cluster, 'POST', '/api/v1/namespaces/nowhere/configmaps', { body: configMap('x') });
    expect(wrongNamespace.status).toBe(404);
    expect(wrongNamespace.body.message).toBe('namespaces "nowhere" not found');
  });

  it('applies JSON merge, JSON and strategic merge patches', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment('patchme') });
    const merge = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/patchme', {
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { owner: 'cmp-team' } }, spec: { replicas: 2 } },
    });
    expect(merge.status).toBe(200);
    expect(merge.body.metadata.annotations.owner).toBe('cmp-team');
    expect(merge.body.spec.replicas).toBe(2);
    expect(merge.body.metadata.generation).toBe(2);

    const strategic = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/patchme', {
      contentType: 'application/strategic-merge-patch+json',
      body: {
        spec: {
          template: {
            metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-25T10:00:00Z' } },
            spec: { containers: [{ name: 'sidecar', image: 'example/sidecar:1' }, { name: 'main', env: [{ name: 'MODE', value: 'fast' }] }] },
          },
        },
      },
    });
    expect(strategic.status).toBe(200);
    const containers = strategic.body.spec.template.spec.containers;
    expect(containers.map((container: { name: string }) => container.name)).toEqual(['main', 'sidecar']);
    expect(containers[0].image).toBe('example/app:1.0.0');
    expect(containers[0].env).toEqual([{ name: 'MODE', value: 'fast' }]);
    expect(strategic.body.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2026-11-25T10:00:00Z');

    const json = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/patchme', {
      contentType: 'application/json-patch+json',
      body: [
        { op: 'replace', path: '/spec/replicas', value: 4 },
        { op: 'remove', path: '/spec/template/spec/containers/1' },
      ],
    });
    expect(json.status).toBe(200);
    expect(json.body.spec.replicas).toBe(4);
    expect(json.body.spec.template.spec.containers).toHaveLength(1);
    const failedTest = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/patchme', {
      contentType: 'application/json-patch+json',
      body: [{ op: 'test', path: '/spec/replicas', value: 99 }],
    });
    expect(failedTest.status).toBe(422);
    const unknownType = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/patchme', { contentType: 'text/plain', body: 'x' });
    expect(unknownType.status).toBe(415);
  });

  it('refuses strategic merge patches on custom resources, as CRDs do', async () => {
    const cluster = await start();
    const response = await call(cluster, 'PATCH', '/apis/cert-manager.io/v1/namespaces/cmp/certificates/agent-registry-tls', {
      contentType: 'application/strategic-merge-patch+json',
      body: { metadata: { labels: { x: 'y' } } },
    });
    expect(response.status).toBe(415);
    expect(response.body.reason).toBe('UnsupportedMediaType');
  });

  it('keeps status out of main-resource writes and spec out of status writes', async () => {
    const cluster = await start({ seed: 'empty' });
    const created = (await call(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: { ...deployment('st'), status: { replicas: 42 } } })).body;
    expect(created.status?.replicas).not.toBe(42);
    const statusWrite = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/st/status', {
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 9 }, status: { observedGeneration: 77 } },
    });
    expect(statusWrite.status).toBe(200);
    expect(statusWrite.body.spec.replicas).toBe(1);
    expect(statusWrite.body.status.observedGeneration).toBe(77);
    expect(statusWrite.body.metadata.generation).toBe(1);
  });

  it('serves the scale subresource', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment('scaled', 2) });
    const scale = await get(cluster, '/apis/apps/v1/namespaces/default/deployments/scaled/scale');
    expect(scale.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { selector: 'app=scaled' } });
    const patched = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/scaled/scale', {
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 5 } },
    });
    expect(patched.body.spec.replicas).toBe(5);
    expect(cluster.store.get('deployments.apps', 'default', 'scaled')?.spec.replicas).toBe(5);
  });

  it('changes nothing on dryRun=All writes and bumps no resourceVersion', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('dry', {}, { a: '1' }) });
    const before = cluster.store.resourceVersion;
    const created = await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { body: configMap('would-be') });
    expect(created.status).toBe(201);
    expect(created.body.metadata.name).toBe('would-be');
    const patched = await call(cluster, 'PATCH', '/api/v1/namespaces/default/configmaps/dry?dryRun=All', { contentType: 'application/merge-patch+json', body: { data: { a: '2' } } });
    expect(patched.body.data.a).toBe('2');
    const deleted = await call(cluster, 'DELETE', '/api/v1/namespaces/default/configmaps/dry?dryRun=All');
    expect(deleted.status).toBe(200);
    const invalid = await call(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments?dryRun=All', { body: deployment('x', -3) });
    expect(invalid.status).toBe(422);
    expect(cluster.store.resourceVersion).toBe(before);
    expect(cluster.store.get('configmaps', 'default', 'would-be')).toBeUndefined();
    expect(cluster.store.get('configmaps', 'default', 'dry')?.data).toEqual({ a: '1' });
    expect(cluster.requestLog.count({ dryRun: true })).toBe(4);
    expect(cluster.requestLog.writes({ dryRun: true })).toHaveLength(0);
  });

  it('deletes dependents by ownerReferences: background, foreground and orphan', async () => {
    const cluster = await start({ seed: 'empty' });
    const makeOwned = async (owner: string) => {
      const parent = (await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap(owner) })).body;
      await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', {
        body: { ...configMap(`${owner}-child`), metadata: { name: `${owner}-child`, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid: parent.metadata.uid, blockOwnerDeletion: true }] } },
      });
    };
    await makeOwned('bg');
    await makeOwned('fg');
    await makeOwned('orphan');
    await call(cluster, 'DELETE', '/api/v1/namespaces/default/configmaps/bg', { body: { propagationPolicy: 'Background' } });
    await call(cluster, 'DELETE', '/api/v1/namespaces/default/configmaps/orphan', { body: { propagationPolicy: 'Orphan' } });
    const foreground = await call(cluster, 'DELETE', '/api/v1/namespaces/default/configmaps/fg', { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' } });
    expect(foreground.body.metadata.finalizers).toContain('foregroundDeletion');
    expect(foreground.body.metadata.deletionTimestamp).toBeTruthy();
    await cluster.settle();
    expect(cluster.store.get('configmaps', 'default', 'bg-child')).toBeUndefined();
    expect(cluster.store.get('configmaps', 'default', 'fg-child')).toBeUndefined();
    expect(cluster.store.get('configmaps', 'default', 'fg')).toBeUndefined();
    const orphan = cluster.store.get('configmaps', 'default', 'orphan-child');
    expect(orphan).toBeDefined();
    expect(orphan?.metadata.ownerReferences).toBeUndefined();
  });

  it('deletes collections by selector', async () => {
    const cluster = await start({ seed: 'empty' });
    for (const name of ['d1', 'd2', 'keep']) {
      await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap(name, { batch: name === 'keep' ? 'no' : 'yes' }) });
    }
    const response = await call(cluster, 'DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=batch%3Dyes');
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(2);
    expect(cluster.store.list('configmaps', { namespace: 'default', labelSelector: 'batch' }).map(cm => cm.metadata.name)).toEqual(['keep']);
  });

  it('answers 401 without a valid token and 405/415 for unsupported methods and bodies', async () => {
    const cluster = await start({ seed: 'empty' });
    const anonymous = await get(cluster, '/api/v1/namespaces', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const wrong = await get(cluster, '/api/v1/namespaces', { token: 'not-a-token' });
    expect(wrong.status).toBe(401);
    const metricsWrite = await call(cluster, 'POST', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods', { body: { metadata: { name: 'x' } } });
    expect(metricsWrite.status).toBe(405);
  });

  it('bumps generation on spec changes only', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment('gen') });
    const labels = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/gen', { contentType: 'application/merge-patch+json', body: { metadata: { labels: { extra: 'x' } } } });
    expect(labels.body.metadata.generation).toBe(1);
    const spec = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/gen', { contentType: 'application/merge-patch+json', body: { spec: { replicas: 3 } } });
    expect(spec.body.metadata.generation).toBe(2);
    await cluster.clock.advance(30_000);
    expect(cluster.store.get('deployments', 'default', 'gen')?.status.observedGeneration).toBe(2);
  });
});
