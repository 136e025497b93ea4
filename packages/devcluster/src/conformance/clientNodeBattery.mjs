// The @kubernetes/client-node part of the conformance battery (see runConformance.ts): typed and generic APIs,
// patches, server-side apply, watches, informers, logs, metrics, custom resources, TokenRequest and errors, each
// checked against what a real API server answers. A separate process because client-node is ESM-only.
// Usage: node clientNodeBattery.mjs <admin kubeconfig> <viewer kubeconfig>; prints one JSON result per line.
// A development tool: client-node is a development dependency of this package.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  ApiextensionsV1Api, AppsV1Api, AuthenticationV1Api, AuthorizationV1Api, AutoscalingV1Api, AutoscalingV2Api, BatchV1Api,
  CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, Log, makeInformer, Metrics, PatchStrategy, setHeaderOptions,
  VersionApi, Watch,
} from '@kubernetes/client-node';
import { Writable } from 'node:stream';

const [adminPath, viewerPath] = process.argv.slice(2);
const config = new KubeConfig();
config.loadFromFile(adminPath);
const viewerConfig = new KubeConfig();
viewerConfig.loadFromFile(viewerPath);
const core = config.makeApiClient(CoreV1Api);
const apps = config.makeApiClient(AppsV1Api);
const batch = config.makeApiClient(BatchV1Api);
const custom = config.makeApiClient(CustomObjectsApi);
const objects = KubernetesObjectApi.makeApiClient(config);
const NS = 'conformance-node';

class Mismatch extends Error {}
const check = (what, condition, detail = '') => {
  if (!condition) throw new Mismatch(`${what}${detail ? `: ${detail}` : ''}`);
};
/** JSON with object keys sorted, so that equal values compare equal whatever order the server wrote them in. */
const canonical = value => JSON.stringify(value, (_key, item) => (item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))) : item));
const equal = (what, actual, expected) => check(what, canonical(actual) === canonical(expected), `expected ${canonical(expected)}, got ${canonical(actual)}`);

/** The error a call must fail with: its HTTP code and a piece of the Status message. */
async function rejects(what, call, code, message) {
  try {
    await call();
  } catch (error) {
    equal(`${what} code`, error.code, code);
    const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
    if (message) check(`${what} message`, body?.message?.includes(message), `expected "${message}" in ${JSON.stringify(body?.message)}`);
    return body;
  }
  throw new Mismatch(`${what}: succeeded; expected HTTP ${code}`);
}

async function eventually(checkOnce, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await checkOnce();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

const configMap = (name, data, labels) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS, ...(labels ? { labels } : {}) }, data });
const deployment = (name, extraSpec = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    ...extraSpec,
  },
});

/** Collects watch events until `until` says enough, then aborts the watch. */
function watchUntil(path, params, until) {
  return new Promise((resolve, reject) => {
    const events = [];
    let controller;
    const timer = setTimeout(() => {
      controller?.abort();
      reject(new Mismatch(`watch ${path}: not seen within 10 s; got ${JSON.stringify(events.map(event => event.type))}`));
    }, 10_000);
    new Watch(config)
      .watch(path, params, (type, object) => {
        events.push({ type, object });
        if (until(events)) {
          clearTimeout(timer);
          controller?.abort();
          resolve(events);
        }
      }, () => undefined)
      .then(abort => {
        controller = abort;
      }, reject);
  });
}

const cases = [
  ['version', async () => equal('gitVersion', (await config.makeApiClient(VersionApi).getCode()).gitVersion, 'v1.32.0')],
  ['list nodes', async () => equal('nodes', (await core.listNode()).items.length, 3)],
  ['list pods by label', async () => equal('pods', (await core.listNamespacedPod({ namespace: 'cmp', labelSelector: 'app=agent-registry' })).items.length, 3)],
  ['list pods by field selector', async () => {
    const pods = await core.listNamespacedPod({ namespace: 'cmp', fieldSelector: 'status.phase=Running' });
    check('running pods', pods.items.length > 3 && pods.items.every(pod => pod.status.phase === 'Running'));
  }],
  ['read a deployment', async () => equal('replicas', (await apps.readNamespacedDeployment({ name: 'agent-registry', namespace: 'cmp' })).spec.replicas, 3)],
  ['a missing object is 404 NotFound', async () => {
    const status = await rejects('read', () => apps.readNamespacedDeployment({ name: 'nope', namespace: 'cmp' }), 404, 'deployments.apps "nope" not found');
    equal('reason', status.reason, 'NotFound');
  }],
  ['paged list with limit and continue', async () => {
    const first = await core.listPodForAllNamespaces({ limit: 5 });
    equal('first page', first.items.length, 5);
    check('continue token', Boolean(first.metadata._continue));
    const second = await core.listPodForAllNamespaces({ limit: 5, _continue: first.metadata._continue });
    check('second page differs', second.items[0].metadata.name !== first.items[0].metadata.name || second.items[0].metadata.namespace !== first.items[0].metadata.namespace);
  }],
  ['create a namespace', async () => equal('phase', (await core.createNamespace({ body: { metadata: { name: NS } } })).status.phase, 'Active')],
  ['create a config map', async () => equal('data', (await core.createNamespacedConfigMap({ namespace: NS, body: configMap('settings', { a: '1' }, { team: 'a' }) })).data, { a: '1' })],
  ['create it again is 409 AlreadyExists', async () => {
    equal('reason', (await rejects('create', () => core.createNamespacedConfigMap({ namespace: NS, body: configMap('settings', { a: '1' }) }), 409, 'configmaps "settings" already exists')).reason, 'AlreadyExists');
  }],
  ['dry-run create stores nothing', async () => {
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('ghost', { a: '1' }), dryRun: 'All' });
    await rejects('read', () => core.readNamespacedConfigMap({ name: 'ghost', namespace: NS }), 404);
  }],
  ['replace with a stale resourceVersion is 409 Conflict', async () => {
    const current = await core.readNamespacedConfigMap({ name: 'settings', namespace: NS });
    await core.replaceNamespacedConfigMap({ name: 'settings', namespace: NS, body: { ...current, data: { a: '2' } } });
    await rejects('replace', () => core.replaceNamespacedConfigMap({ name: 'settings', namespace: NS, body: { ...current, data: { a: '3' } } }), 409, 'the object has been modified; please apply your changes to the latest version and try again');
  }],
  ['JSON patch (the default patch type)', async () => {
    const patched = await core.patchNamespacedConfigMap({ name: 'settings', namespace: NS, body: [{ op: 'add', path: '/data/b', value: '1' }] });
    equal('data', patched.data, { a: '2', b: '1' });
  }],
  ['merge patch', async () => {
    const patched = await core.patchNamespacedConfigMap({ name: 'settings', namespace: NS, body: { data: { b: null } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    equal('data', patched.data, { a: '2' });
  }],
  ['create a deployment', async () => equal('generation', (await apps.createNamespacedDeployment({ namespace: NS, body: deployment('web') })).metadata.generation, 1)],
  ['strategic merge patch merges containers by name', async () => {
    const body = { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'MODE', value: 'fast' }] }] } } } };
    const patched = await apps.patchNamespacedDeployment({ name: 'web', namespace: NS, body }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    equal('container', patched.spec.template.spec.containers.map(container => [container.name, container.image, container.env]), [['web', 'nginx:1.27', [{ name: 'MODE', value: 'fast' }]]]);
  }],
  ['the deployment rolls out', async () => {
    await eventually(async () => equal('available', (await apps.readNamespacedDeployment({ name: 'web', namespace: NS })).status.availableReplicas, 1));
  }],
  ['scale through the scale subresource', async () => {
    const scale = await apps.patchNamespacedDeploymentScale({ name: 'web', namespace: NS, body: { spec: { replicas: 2 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    equal('replicas', scale.spec.replicas, 2);
  }],
  // The typed APIs serialise through the generated models, which drop unknown fields before sending; the untyped
  // custom-objects API sends the body as it is, so it shows what the server does with them.
  ['Strict field validation refuses an unknown field', async () => {
    const request = { group: 'apps', version: 'v1', namespace: NS, plural: 'deployments', body: deployment('strict', { bogusField: 1 }), fieldValidation: 'Strict' };
    await rejects('create', () => custom.createNamespacedCustomObject(request), 400, 'strict decoding error: unknown field "spec.bogusField"');
  }],
  ['without fieldValidation an unknown field is pruned', async () => {
    const created = await custom.createNamespacedCustomObject({ group: 'apps', version: 'v1', namespace: NS, plural: 'deployments', body: deployment('pruned', { bogusField: 1 }) });
    equal('bogusField', created.spec.bogusField, undefined);
  }],
  ['a wrongly typed field is 400', async () => {
    await rejects('create', () => apps.createNamespacedDeployment({ namespace: NS, body: deployment('typed', { replicas: 'three' }) }), 400, 'cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  }],
  ['server-side apply records the field manager', async () => {
    const applied = await objects.patch(configMap('applied', { a: '1' }), undefined, undefined, 'node-battery', false, PatchStrategy.ServerSideApply);
    equal('managers', applied.metadata.managedFields.map(entry => [entry.manager, entry.operation]), [['node-battery', 'Apply']]);
  }],
  ['a conflicting apply is 409, forced it wins', async () => {
    await rejects('apply', () => objects.patch(configMap('applied', { a: '2' }), undefined, undefined, 'other-battery', false, PatchStrategy.ServerSideApply), 409, 'Apply failed with 1 conflict: conflict with "node-battery" using v1: .data.a');
    equal('data', (await objects.patch(configMap('applied', { a: '2' }), undefined, undefined, 'other-battery', true, PatchStrategy.ServerSideApply)).data, { a: '2' });
  }],
  ['generic read through KubernetesObjectApi', async () => {
    equal('kind', (await objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'agent-registry', namespace: 'cmp' } })).kind, 'Deployment');
  }],
  ['watch sees a new object', async () => {
    const seen = watchUntil(`/api/v1/namespaces/${NS}/configmaps`, { allowWatchBookmarks: true }, events => events.some(event => event.type === 'ADDED' && event.object.metadata.name === 'watched'));
    await new Promise(resolve => setTimeout(resolve, 50));
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('watched', { a: '1' }) });
    await seen;
  }],
  ['watch from a resourceVersion replays the changes since', async () => {
    const { metadata } = await core.listNamespacedConfigMap({ namespace: NS });
    await core.patchNamespacedConfigMap({ name: 'watched', namespace: NS, body: { data: { a: '2' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await watchUntil(`/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: metadata.resourceVersion }, events => events.some(event => event.type === 'MODIFIED' && event.object.data.a === '2'));
  }],
  ['an informer lists then watches', async () => {
    const informer = makeInformer(config, `/api/v1/namespaces/${NS}/configmaps`, () => core.listNamespacedConfigMap({ namespace: NS }));
    await informer.start();
    try {
      check('listed', informer.list(NS).some(item => item.metadata.name === 'settings'));
      const added = new Promise(resolve => informer.on('add', object => object.metadata.name === 'informed' && resolve()));
      await core.createNamespacedConfigMap({ namespace: NS, body: configMap('informed', { a: '1' }) });
      await added;
    } finally {
      await informer.stop();
    }
  }],
  ['logs of a pod', async () => {
    const pod = (await core.listNamespacedPod({ namespace: 'cmp', labelSelector: 'app=agent-registry' })).items[0].metadata.name;
    const text = await core.readNamespacedPodLog({ name: pod, namespace: 'cmp', tailLines: 3 });
    equal('lines', text.trim().split('\n').length, 3);
  }],
  ['streamed logs through Log', async () => {
    const pod = (await core.listNamespacedPod({ namespace: 'cmp', labelSelector: 'app=agent-registry' })).items[0].metadata.name;
    let text = '';
    const sink = new Writable({ write(chunk, _encoding, done) { text += chunk; done(); } });
    const finished = new Promise(resolve => sink.on('finish', resolve));
    await new Log(config).log('cmp', pod, 'agent-registry', sink, { tailLines: 2 });
    await finished;
    equal('lines', text.trim().split('\n').length, 2);
  }],
  ['pod metrics', async () => check('metrics', (await new Metrics(config).getPodMetrics('cmp')).items.some(item => item.metadata.name === 'cmp-postgres-1'))],
  ['node metrics', async () => equal('nodes', (await new Metrics(config).getNodeMetrics()).items.length, 3)],
  ['list custom resources', async () => {
    const certificates = await custom.listNamespacedCustomObject({ group: 'cert-manager.io', version: 'v1', namespace: 'cmp', plural: 'certificates' });
    equal('names', certificates.items.map(item => item.metadata.name), ['agent-registry-tls']);
  }],
  ['read a custom resource', async () => {
    equal('phase', (await custom.getNamespacedCustomObject({ group: 'postgresql.cnpg.io', version: 'v1', namespace: 'cmp', plural: 'clusters', name: 'cmp-postgres' })).status.phase, 'Cluster in healthy state');
  }],
  ['a custom resource with an unknown field is refused when Strict', async () => {
    const body = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Backup', metadata: { name: 'manual' }, spec: { cluster: { name: 'cmp-postgres' }, retention: '7d' } };
    await rejects('create', () => custom.createNamespacedCustomObject({ group: 'postgresql.cnpg.io', version: 'v1', namespace: 'cmp', plural: 'backups', body, fieldValidation: 'Strict' }), 400, 'unknown field "spec.retention"');
  }],
  ['a custom resource missing a required field is 422', async () => {
    const body = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'incomplete' }, spec: { dnsNames: ['x.example'] } };
    await rejects('create', () => custom.createNamespacedCustomObject({ group: 'cert-manager.io', version: 'v1', namespace: 'cmp', plural: 'certificates', body }), 422, 'spec.issuerRef: Required value');
  }],
  ['list CRDs', async () => equal('crds', (await config.makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition()).items.length, 15)],
  ['autoscaling/v1 HPA is autoscaling/v2 underneath', async () => {
    const body = { metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 60 } };
    await config.makeApiClient(AutoscalingV1Api).createNamespacedHorizontalPodAutoscaler({ namespace: NS, body });
    const v2 = await config.makeApiClient(AutoscalingV2Api).readNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: NS });
    equal('metrics', v2.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
  }],
  ['TokenRequest issues a token for the service account', async () => {
    await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'bot' } } });
    const request = await core.createNamespacedServiceAccountToken({ name: 'bot', namespace: NS, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
    const tokenConfig = new KubeConfig();
    tokenConfig.loadFromClusterAndUser(config.getCurrentCluster(), { name: 'bot', token: request.status.token });
    const review = await tokenConfig.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    equal('username', review.status.userInfo.username, `system:serviceaccount:${NS}:bot`);
  }],
  ['SelfSubjectAccessReview', async () => {
    const review = await config.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'cmp' } } } });
    equal('allowed', review.status.allowed, true);
  }],
  ['Forbidden for the viewer on Secrets', async () => {
    await rejects('list', () => viewerConfig.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: 'cmp' }), 403, 'secrets is forbidden: User "gsv-viewer" cannot list resource "secrets" in API group "" in the namespace "cmp"');
  }],
  ['a job runs to completion', async () => {
    const body = { metadata: { name: 'once' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'busybox:1.36' }] } } } };
    await batch.createNamespacedJob({ namespace: NS, body });
    await eventually(async () => equal('succeeded', (await batch.readNamespacedJob({ name: 'once', namespace: NS })).status.succeeded, 1), 60_000);
  }],
  ['delete a collection by label', async () => {
    await core.deleteCollectionNamespacedConfigMap({ namespace: NS, labelSelector: 'team=a' });
    await rejects('read', () => core.readNamespacedConfigMap({ name: 'settings', namespace: NS }), 404);
  }],
  ['delete a namespace', async () => {
    await core.deleteNamespace({ name: NS });
    await eventually(() => rejects('read', () => core.readNamespace({ name: NS }), 404), 60_000);
  }],
];

for (const [name, run] of cases) {
  let result;
  try {
    await run();
    result = { client: 'client-node', name, ok: true };
  } catch (error) {
    result = { client: 'client-node', name, ok: false, detail: String(error?.message ?? error).slice(0, 500) };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
