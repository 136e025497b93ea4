import { eventually, expectEqual, expectText, type Kubectl } from './kubectlBattery';

/** kubectl reads: discovery, OpenAPI, get/describe/explain, selectors, paging, tables, logs, metrics, RBAC. */
export const kubectlReadCases: Array<[string, (k: Kubectl) => Promise<void>]> = [
  ['version reports the server as v1.32.0', async k => {
    expectEqual('serverVersion', JSON.parse(await k.ok(['version', '-o', 'json'])).serverVersion.gitVersion, 'v1.32.0');
  }],
  ['api-versions lists the served group versions', async k => {
    const versions = (await k.ok(['api-versions'])).split('\n');
    for (const version of ['v1', 'apps/v1', 'autoscaling/v1', 'autoscaling/v2', 'apiextensions.k8s.io/v1', 'cert-manager.io/v1', 'postgresql.cnpg.io/v1']) {
      if (!versions.includes(version)) throw new Error(`${version} missing from api-versions`);
    }
  }],
  ['api-resources lists a group with short names', async k => {
    await k.ok(['api-resources', '--api-group=apps'], /deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
  }],
  ['api-resources lists CRDs as api-extensions', async k => {
    await k.ok(['api-resources', '--api-group=apiextensions.k8s.io'], /customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false\s+CustomResourceDefinition/);
  }],
  ['cluster-info names the control plane', async k => {
    await k.ok(['cluster-info'], /Kubernetes control plane.* is running at .*https:\/\/127\.0\.0\.1:\d+/);
  }],
  ['readyz?verbose lists its checks', async k => {
    const text = await k.ok(['get', '--raw', '/readyz?verbose']);
    expectText('readyz', text, '[+]ping ok');
    expectText('readyz', text, 'readyz check passed');
  }],
  ['livez answers ok', async k => {
    expectEqual('livez', (await k.ok(['get', '--raw', '/livez'])).trim(), 'ok');
  }],
  ['explain a core field', async k => {
    const text = await k.ok(['explain', 'deployment.spec.replicas']);
    expectText('explain', text, 'FIELD: replicas <integer>');
    expectText('explain', text, 'Number of desired pods');
  }],
  ['explain a CRD field', async k => {
    const text = await k.ok(['explain', 'certificates.spec.secretName']);
    expectText('explain', text, 'GROUP:      cert-manager.io');
    expectText('explain', text, 'FIELD: secretName <string>');
  }],
  ['explain a CNPG status field', async k => {
    await k.ok(['explain', 'clusters.postgresql.cnpg.io.status.phase'], 'FIELD: phase <string>');
  }],
  ['explain --recursive walks nested types', async k => {
    await k.ok(['explain', 'pods.spec.containers', '--recursive'], /env\s+<\[\]EnvVar>/);
  }],
  ['get crd lists the operators\' CRDs', async k => {
    const text = await k.ok(['get', 'crd']);
    expectText('crds', text, /^NAME\s+CREATED AT/);
    for (const crd of ['certificates.cert-manager.io', 'clusters.postgresql.cnpg.io', 'applications.argoproj.io', 'externalsecrets.external-secrets.io']) expectText('crds', text, crd);
  }],
  ['get one CRD with its scope and printer columns', async k => {
    expectEqual('scope', await k.ok(['get', 'crd', 'clusters.postgresql.cnpg.io', '-o', 'jsonpath={.spec.scope}']), 'Namespaced');
    await k.ok(['get', 'crd', 'certificates.cert-manager.io', '-o', 'jsonpath={.spec.versions[0].additionalPrinterColumns[*].name}'], 'Ready Secret Issuer Status Expiration Age');
  }],
  ['watch CRDs', async k => {
    await k.ok(['get', '--raw', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?watch=1&timeoutSeconds=1'], '"name":"certificates.cert-manager.io"');
  }],
  ['get nodes prints Ready nodes with roles', async k => {
    await k.ok(['get', 'nodes'], /gsv-dev-control-plane\s+Ready\s+control-plane/);
  }],
  ['get namespaces', async k => {
    await k.ok(['get', 'namespaces'], /cmp\s+Active/);
  }],
  ['get pods by label as a server-side table', async k => {
    const text = await k.ok(['get', 'pods', '-n', 'cmp', '-l', 'app=agent-registry']);
    expectText('header', text, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expectText('rows', text, /agent-registry-\w+-\w{5}\s+1\/1\s+Running\s+0/);
  }],
  ['get pods -o wide adds IP and node', async k => {
    await k.ok(['get', 'pods', '-n', 'cmp', '-l', 'app=agent-registry', '-o', 'wide'], /IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
  }],
  ['get deployments in all namespaces', async k => {
    await k.ok(['get', 'deployments', '-A'], /NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
  }],
  ['get a field with jsonpath', async k => {
    expectEqual('replicas', await k.ok(['get', 'deployment', 'agent-registry', '-n', 'cmp', '-o', 'jsonpath={.spec.replicas}']), '3');
  }],
  ['get with custom columns and no headers', async k => {
    await k.ok(['get', 'deployments', '-n', 'cmp', '-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image', '--no-headers'], /agent-registry\s+ghcr\.io\/digitlify-inc\/agent-registry:v1\.2\.3/);
  }],
  ['get with a go-template', async k => {
    await k.ok(['get', 'namespace', 'cmp', '-o', 'go-template={{.metadata.name}}:{{.status.phase}}'], 'cmp:Active');
  }],
  ['get sorted by name', async k => {
    const names = (await k.ok(['get', 'pods', '-n', 'cmp', '--sort-by=.metadata.name', '-o', 'name'])).trim().split('\n');
    expectEqual('sorted', [...names].sort(), names);
  }],
  ['get by field selector', async k => {
    const text = await k.ok(['get', 'pods', '-n', 'cmp', '--field-selector=status.phase=Running', '-o', 'name']);
    expectText('pods', text, 'pod/agent-registry-');
  }],
  ['an unsupported field selector is refused', async k => {
    await k.fails(['get', 'pods', '-n', 'cmp', '--field-selector=spec.bogus=1'], 'field label not supported: spec.bogus');
  }],
  ['chunked lists return every item', async k => {
    const all = (await k.ok(['get', 'pods', '-A', '-o', 'name'])).trim().split('\n').length;
    const chunked = (await k.ok(['get', 'pods', '-A', '-o', 'name', '--chunk-size=4'])).trim().split('\n').length;
    expectEqual('count', chunked, all);
  }],
  ['a limited raw list carries a continue token', async k => {
    const list = JSON.parse(await k.ok(['get', '--raw', '/api/v1/namespaces/cmp/pods?limit=2']));
    expectEqual('items', list.items.length, 2);
    if (!list.metadata.continue || !(list.metadata.remainingItemCount > 0)) throw new Error('no continue token');
  }],
  ['a missing object is NotFound', async k => {
    await k.fails(['get', 'deployment', 'nope', '-n', 'cmp'], 'Error from server (NotFound): deployments.apps "nope" not found');
  }],
  ['a missing resource type is reported by kubectl', async k => {
    await k.fails(['get', 'widgets'], 'error: the server doesn\'t have a resource type "widgets"');
  }],
  ['get services', async k => {
    await k.ok(['get', 'services', '-n', 'cmp'], /NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
  }],
  ['get warning events by field selector', async k => {
    await k.ok(['get', 'events', '-n', 'cmp', '--field-selector', 'type=Warning'], /Warning/);
  }],
  ['kubectl events', async k => {
    await k.ok(['events', '-n', 'cmp'], /LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
  }],
  ['get certificates with their printer columns', async k => {
    await k.ok(['get', 'certificates', '-A'], /NAMESPACE\s+NAME\s+READY\s+SECRET\s+AGE/);
  }],
  ['get certificates -o wide shows priority columns', async k => {
    await k.ok(['get', 'certificates', '-n', 'cmp', '-o', 'wide'], /READY\s+SECRET\s+ISSUER\s+STATUS\s+EXPIRATION\s+AGE/);
  }],
  ['get CNPG clusters', async k => {
    await k.ok(['get', 'clusters.postgresql.cnpg.io', '-n', 'cmp'], /cmp-postgres\s+\S+\s+3\s+3\s+Cluster in healthy state\s+cmp-postgres-\d/);
  }],
  ['get Argo CD applications', async k => {
    await k.ok(['get', 'applications', '-n', 'argocd'], /NAME\s+SYNC STATUS\s+HEALTH STATUS/);
  }],
  ['get external secrets', async k => {
    await k.ok(['get', 'externalsecrets', '-n', 'cmp'], /agent-registry-secrets/);
  }],
  ['get HPAs', async k => {
    await k.ok(['get', 'hpa', '-n', 'cmp'], /agent-registry\s+Deployment\/agent-registry\s+cpu: /);
  }],
  ['get cron jobs and jobs', async k => {
    await k.ok(['get', 'cronjobs,jobs', '-n', 'cmp'], /cronjob\.batch\/agent-registry-cleanup/);
  }],
  ['get a pod as YAML', async k => {
    const pod = await k.podName('cmp', 'app=agent-registry');
    await k.ok(['get', 'pod', pod, '-n', 'cmp', '-o', 'yaml'], /phase: Running/);
  }],
  ['describe a deployment', async k => {
    await k.ok(['describe', 'deployment', 'agent-registry', '-n', 'cmp'], /Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable/);
  }],
  ['describe a node', async k => {
    await k.ok(['describe', 'node', 'gsv-dev-control-plane'], /Taints:\s+node-role\.kubernetes\.io\/control-plane:NoSchedule/);
  }],
  ['describe a custom resource', async k => {
    await k.ok(['describe', 'certificate', 'agent-registry-tls', '-n', 'cmp'], /Kind:\s+Certificate/);
  }],
  ['top nodes', async k => {
    await k.ok(['top', 'nodes'], /NAME\s+CPU\(cores\)\s+CPU(%|\(%\))\s+MEMORY\(bytes\)\s+MEMORY(%|\(%\))/);
  }],
  ['top pods', async k => {
    await k.ok(['top', 'pods', '-n', 'cmp'], /cmp-postgres-1\s+\d+m\s+\d+Mi/);
  }],
  ['logs of a deployment', async k => {
    const text = await k.ok(['logs', 'deployment/agent-registry', '-n', 'cmp', '--tail=2']);
    expectEqual('lines', text.trim().split('\n').length, 2);
  }],
  ['logs of a missing container', async k => {
    const pod = await k.podName('cmp', 'app=agent-registry');
    await k.fails(['logs', pod, '-n', 'cmp', '-c', 'nope'], `container nope is not valid for pod ${pod}`);
  }],
  ['watch through --raw streams events', async k => {
    await k.ok(['get', '--raw', '/api/v1/namespaces/cmp/configmaps?watch=1&timeoutSeconds=1'], /"type":"ADDED"/);
  }],
  ['auth can-i (yes)', async k => {
    expectEqual('can-i', (await k.ok(['auth', 'can-i', 'list', 'pods', '-n', 'cmp'])).trim(), 'yes');
  }],
  ['auth can-i as the backend service account (no Secrets)', async k => {
    const answer = await k.run(['auth', 'can-i', 'get', 'secrets', '-n', 'cmp', '--as=system:serviceaccount:backstage:gsv-backstage']);
    expectEqual('answer', [answer.code, answer.stdout.trim()], [1, 'no']);
  }],
  ['auth can-i --list', async k => {
    await k.ok(['auth', 'can-i', '--list', '-n', 'cmp'], /Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/);
  }],
  ['auth whoami', async k => {
    await k.ok(['auth', 'whoami'], /Username\s+kubernetes-admin/);
  }],
  ['Forbidden is relayed with the RBAC message', async k => {
    await k.fails(['get', 'secrets', '-n', 'cmp'], 'Error from server (Forbidden): secrets is forbidden: User "gsv-viewer" cannot list resource "secrets" in API group "" in the namespace "cmp"', { user: 'viewer' });
  }],
  ['get the autoscaling/v1 view of an HPA', async k => {
    const hpa = JSON.parse(await k.ok(['get', '--raw', '/apis/autoscaling/v1/namespaces/cmp/horizontalpodautoscalers/agent-registry']));
    expectEqual('target', hpa.spec.targetCPUUtilizationPercentage, 70);
  }],
  ['DaemonSet pods run on every node', async k => {
    await eventually(async () => {
      await k.ok(['get', 'daemonset', 'kube-proxy', '-n', 'kube-system'], /kube-proxy\s+3\s+3\s+3\s+3\s+3/);
    });
  }],
];
