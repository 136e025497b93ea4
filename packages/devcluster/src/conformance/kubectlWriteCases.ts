import { eventually, expectEqual, expectText, type Kubectl } from './kubectlBattery';

/** kubectl writes: create (protobuf), apply (client- and server-side), validation, patches, rollouts, deletes. */

const NS = 'conformance';

function deploymentManifest(name: string, extra = '', replicas: number | string = 2): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${NS}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
${extra}`;
}

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ${NS}\ndata:\n${data}\n`;

export const kubectlWriteCases: Array<[string, (k: Kubectl) => Promise<void>]> = [
  ['create namespace', async k => {
    await k.ok(['create', 'namespace', NS], `namespace/${NS} created`);
  }],
  ['create an existing namespace is AlreadyExists', async k => {
    await k.fails(['create', 'namespace', NS], `Error from server (AlreadyExists): namespaces "${NS}" already exists`);
  }],
  ['create configmap from literals', async k => {
    await k.ok(['create', 'configmap', 'literals', '-n', NS, '--from-literal=mode=fast', '--from-literal=empty='], 'configmap/literals created');
    expectEqual('data', JSON.parse(await k.ok(['get', 'configmap', 'literals', '-n', NS, '-o', 'jsonpath={.data}'])), { empty: '', mode: 'fast' });
  }],
  ['create secret generic', async k => {
    await k.ok(['create', 'secret', 'generic', 'db', '-n', NS, '--from-literal=password=hunter2'], 'secret/db created');
    expectEqual('data', await k.ok(['get', 'secret', 'db', '-n', NS, '-o', 'jsonpath={.data.password}']), Buffer.from('hunter2').toString('base64'));
  }],
  ['create deployment', async k => {
    await k.ok(['create', 'deployment', 'web', '-n', NS, '--image=nginx:1.27', '--replicas=2', '--port=8080'], 'deployment.apps/web created');
  }],
  ['the created deployment becomes available', async k => {
    await k.ok(['wait', '--for=condition=Available', 'deployment/web', '-n', NS, '--timeout=60s'], 'deployment.apps/web condition met');
  }],
  ['create service clusterip', async k => {
    await k.ok(['create', 'service', 'clusterip', 'web', '-n', NS, '--tcp=80:8080'], 'service/web created');
    await k.ok(['get', 'service', 'web', '-n', NS, '-o', 'jsonpath={.spec.clusterIP}'], /^10\.96\.\d+\.\d+$/);
  }],
  ['create serviceaccount', async k => {
    await k.ok(['create', 'serviceaccount', 'bot', '-n', NS], 'serviceaccount/bot created');
  }],
  ['create role and rolebinding', async k => {
    await k.ok(['create', 'role', 'pod-reader', '-n', NS, '--verb=get,list', '--resource=pods'], 'role.rbac.authorization.k8s.io/pod-reader created');
    await k.ok(['create', 'rolebinding', 'bot-reads-pods', '-n', NS, '--role=pod-reader', `--serviceaccount=${NS}:bot`], 'rolebinding.rbac.authorization.k8s.io/bot-reads-pods created');
  }],
  ['the new rolebinding takes effect at once', async k => {
    expectEqual('can-i', (await k.ok(['auth', 'can-i', 'list', 'pods', '-n', NS, `--as=system:serviceaccount:${NS}:bot`])).trim(), 'yes');
  }],
  ['create clusterrole', async k => {
    await k.ok(['create', 'clusterrole', 'conformance-reader', '--verb=list', '--resource=deployments.apps'], 'clusterrole.rbac.authorization.k8s.io/conformance-reader created');
  }],
  ['create token and use it', async k => {
    const token = (await k.ok(['create', 'token', 'bot', '-n', NS, '--duration=15m'])).trim();
    await k.ok(['auth', 'whoami', '--token', token], new RegExp(`Username\\s+system:serviceaccount:${NS}:bot`));
  }],
  ['create token shorter than 10 minutes is Invalid', async k => {
    await k.fails(['create', 'token', 'bot', '-n', NS, '--duration=5m'], 'may not specify a duration less than 10 minutes');
  }],
  ['create cronjob', async k => {
    await k.ok(['create', 'cronjob', 'tick', '-n', NS, '--image=busybox:1.36', '--schedule=*/5 * * * *', '--', 'echo', 'tick'], 'cronjob.batch/tick created');
  }],
  ['create job from a cronjob', async k => {
    await k.ok(['create', 'job', 'cleanup-now', '-n', 'cmp', '--from=cronjob/agent-registry-cleanup'], 'job.batch/cleanup-now created');
    await k.ok(['get', 'job', 'cleanup-now', '-n', 'cmp', '-o', 'jsonpath={.metadata.annotations}'], '"cronjob.kubernetes.io/instantiate":"manual"');
  }],
  ['the job from the cronjob completes', async k => {
    await k.ok(['wait', '--for=condition=Complete', 'job/cleanup-now', '-n', 'cmp', '--timeout=60s'], 'job.batch/cleanup-now condition met');
  }],
  ['create ingress', async k => {
    await k.ok(['create', 'ingress', 'web', '-n', NS, '--rule=web.example/=web:80'], 'ingress.networking.k8s.io/web created');
  }],
  ['create quota', async k => {
    await k.ok(['create', 'quota', 'pods', '-n', NS, '--hard=pods=50'], 'resourcequota/pods created');
  }],
  ['autoscale a deployment (autoscaling/v1)', async k => {
    await k.ok(['autoscale', 'deployment', 'web', '-n', NS, '--min=2', '--max=5', '--cpu-percent=75'], 'horizontalpodautoscaler.autoscaling/web autoscaled');
    await k.ok(['get', 'hpa', 'web', '-n', NS], /web\s+Deployment\/web\s+cpu: .*\/75%\s+2\s+5/);
  }],
  ['create with --dry-run=server stores nothing', async k => {
    await k.ok(['create', 'deployment', 'ghost', '-n', NS, '--image=nginx', '--dry-run=server'], 'deployment.apps/ghost created (server dry run)');
    await k.fails(['get', 'deployment', 'ghost', '-n', NS], 'not found');
  }],
  ['create -f refuses an unknown field (Strict)', async k => {
    await k.fails(['create', '-f', '-'], 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bogusField"', { stdin: deploymentManifest('strict', '  bogusField: 1\n') });
  }],
  ['apply refuses an unknown nested field', async k => {
    const manifest = deploymentManifest('nested').replace('image: nginx:1.27', 'image: nginx:1.27\n        imagePolicy: Always');
    await k.fails(['apply', '-f', '-'], 'strict decoding error: unknown field "spec.template.spec.containers[0].imagePolicy"', { stdin: manifest });
  }],
  ['apply --validate=warn prunes with a warning', async k => {
    await k.warns(['apply', '--validate=warn', '-f', '-'], 'deployment.apps/warned created', 'Warning: unknown field "spec.bogusField"', { stdin: deploymentManifest('warned', '  bogusField: 1\n') });
    expectEqual('pruned', await k.ok(['get', 'deployment', 'warned', '-n', NS, '-o', 'jsonpath={.spec.bogusField}']), '');
  }],
  ['apply --validate=false prunes silently', async k => {
    await k.ok(['apply', '--validate=false', '-f', '-'], 'deployment.apps/ignored created', { stdin: deploymentManifest('ignored', '  bogusField: 1\n') });
  }],
  ['a wrongly typed field is a decoding error', async k => {
    await k.fails(['apply', '-f', '-'], 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32', { stdin: deploymentManifest('typed', '', '"three"') });
  }],
  ['an unknown field in a custom resource is refused', async k => {
    const manifest = 'apiVersion: postgresql.cnpg.io/v1\nkind: Backup\nmetadata:\n  name: manual\n  namespace: cmp\nspec:\n  cluster:\n    name: cmp-postgres\n  retention: 7d\n';
    await k.fails(['apply', '-f', '-'], 'Backup in version "v1" cannot be handled as a Backup: strict decoding error: unknown field "spec.retention"', { stdin: manifest });
  }],
  ['a wrongly typed custom resource field is Invalid', async k => {
    const manifest = 'apiVersion: postgresql.cnpg.io/v1\nkind: Backup\nmetadata:\n  name: manual\n  namespace: cmp\nspec:\n  cluster:\n    name: cmp-postgres\n  online: "yes"\n';
    await k.fails(['apply', '-f', '-'], 'The Backup "manual" is invalid: spec.online: Invalid value: "string": spec.online in body must be of type boolean: "string"', { stdin: manifest });
  }],
  ['a value outside a CRD enum is Unsupported', async k => {
    const manifest = 'apiVersion: postgresql.cnpg.io/v1\nkind: Backup\nmetadata:\n  name: manual\n  namespace: cmp\nspec:\n  cluster:\n    name: cmp-postgres\n  method: tape\n';
    await k.fails(['apply', '-f', '-'], 'spec.method: Unsupported value: "tape": supported values: "barmanObjectStore", "volumeSnapshot", "plugin"', { stdin: manifest });
  }],
  ['apply creates, configures and leaves unchanged', async k => {
    await k.ok(['apply', '-f', '-'], 'configmap/settings created', { stdin: configMap('  a: "1"') });
    await k.ok(['apply', '-f', '-'], 'configmap/settings configured', { stdin: configMap('  a: "2"') });
    await k.ok(['apply', '-f', '-'], 'configmap/settings unchanged', { stdin: configMap('  a: "2"') });
  }],
  ['diff shows the change and exits 1', async k => {
    const output = await k.run(['diff', '-f', '-'], { stdin: configMap('  a: "3"') });
    expectEqual('exit code', output.code, 1);
    expectText('diff', output.stdout, '+  a: "3"');
  }],
  ['apply --server-side takes over from client-side apply', async k => {
    await k.ok(['apply', '--server-side', '-f', '-'], 'configmap/settings serverside-applied', { stdin: configMap('  a: "2"') });
  }],
  ['server-side apply records managedFields', async k => {
    const managers = await k.ok(['get', 'configmap', 'settings', '-n', NS, '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}']);
    expectText('managers', managers, 'kubectl');
  }],
  ['a second field manager changing a field is a conflict', async k => {
    await k.fails(['apply', '--server-side', '--field-manager=other', '-f', '-'], 'Apply failed with 1 conflict: conflict with "kubectl" using v1: .data.a', { stdin: configMap('  a: "9"') });
  }],
  ['--force-conflicts takes the field over', async k => {
    await k.ok(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], 'configmap/settings serverside-applied', { stdin: configMap('  a: "9"') });
    expectEqual('value', await k.ok(['get', 'configmap', 'settings', '-n', NS, '-o', 'jsonpath={.data.a}']), '9');
  }],
  ['server-side apply of replicas conflicts with kubectl create', async k => {
    await k.fails(['apply', '--server-side', '-f', '-'], 'conflict with "kubectl-create" using apps/v1: .spec.replicas', { stdin: deploymentManifest('web', '', 3) });
  }],
  ['replace an object', async k => {
    await k.ok(['replace', '-f', '-'], 'configmap/settings replaced', { stdin: configMap('  a: "10"') });
  }],
  ['patch with a merge patch', async k => {
    await k.ok(['patch', 'configmap', 'settings', '-n', NS, '--type=merge', '-p', '{"data":{"b":"1"}}'], 'configmap/settings patched');
  }],
  ['patch with a JSON patch', async k => {
    await k.ok(['patch', 'configmap', 'settings', '-n', NS, '--type=json', '-p', '[{"op":"remove","path":"/data/b"}]'], 'configmap/settings patched');
  }],
  ['a failing JSON patch test is Invalid', async k => {
    await k.fails(['patch', 'configmap', 'settings', '-n', NS, '--type=json', '-p', '[{"op":"test","path":"/data/a","value":"nope"}]'], 'The request is invalid');
  }],
  ['patch with a strategic merge patch (containers by name)', async k => {
    await k.ok(['patch', 'deployment', 'web', '-n', NS, '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"MODE","value":"fast"}]}]}}}}'], 'deployment.apps/web patched');
  }],
  ['a strategic merge patch on a custom resource is refused', async k => {
    await k.fails(['patch', 'certificate', 'agent-registry-tls', '-n', 'cmp', '-p', '{"spec":{"renewBefore":"48h"}}'], 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
  }],
  ['patch a custom resource with a merge patch', async k => {
    await k.ok(['patch', 'certificate', 'agent-registry-tls', '-n', 'cmp', '--type=merge', '-p', '{"spec":{"renewBefore":"48h"}}'], 'certificate.cert-manager.io/agent-registry-tls patched');
  }],
  ['patch a status subresource', async k => {
    await k.ok(['patch', 'externalsecret', 'agent-registry-secrets', '-n', 'cmp', '--subresource=status', '--type=merge', '-p', '{"status":{"refreshTime":"2026-01-01T00:00:00Z"}}'], 'externalsecret.external-secrets.io/agent-registry-secrets patched');
  }],
  ['label and annotate', async k => {
    await k.ok(['label', 'configmap', 'settings', '-n', NS, 'tier=web'], 'configmap/settings labeled');
    await k.ok(['annotate', 'configmap', 'settings', '-n', NS, 'owner=team-a'], 'configmap/settings annotated');
  }],
  ['relabel without --overwrite is refused by kubectl', async k => {
    await k.fails(['label', 'configmap', 'settings', '-n', NS, 'tier=db'], "'tier' already has a value (web), and --overwrite is false");
  }],
  ['scale a deployment', async k => {
    await k.ok(['scale', 'deployment/web', '-n', NS, '--replicas=3'], 'deployment.apps/web scaled');
  }],
  ['scale a CNPG cluster through its scale subresource', async k => {
    await k.ok(['scale', 'clusters.postgresql.cnpg.io/cmp-postgres', '-n', 'cmp', '--replicas=4'], 'cluster.postgresql.cnpg.io/cmp-postgres scaled');
  }],
  ['set image starts a rollout', async k => {
    await k.ok(['set', 'image', 'deployment/web', '-n', NS, 'nginx=nginx:1.28'], 'deployment.apps/web image updated');
  }],
  ['rollout status waits for the rollout', async k => {
    await k.ok(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=60s'], 'deployment "web" successfully rolled out');
  }],
  ['rollout history lists revisions', async k => {
    await k.ok(['rollout', 'history', 'deployment/web', '-n', NS], /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  }],
  ['rollout undo', async k => {
    await k.ok(['rollout', 'undo', 'deployment/web', '-n', NS], 'deployment.apps/web rolled back');
    await k.ok(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=60s'], 'successfully rolled out');
  }],
  ['rollout restart', async k => {
    await k.ok(['rollout', 'restart', 'deployment/web', '-n', NS], 'deployment.apps/web restarted');
  }],
  ['rollout pause and resume', async k => {
    await k.ok(['rollout', 'pause', 'deployment/web', '-n', NS], 'deployment.apps/web paused');
    await k.ok(['rollout', 'resume', 'deployment/web', '-n', NS], 'deployment.apps/web resumed');
  }],
  ['cordon keeps DaemonSet pods running', async k => {
    const before = await k.ok(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-proxy', '--field-selector=spec.nodeName=gsv-dev-worker', '-o', 'name']);
    await k.ok(['cordon', 'gsv-dev-worker'], 'node/gsv-dev-worker cordoned');
    await k.ok(['get', 'node', 'gsv-dev-worker'], /Ready,SchedulingDisabled/);
    await k.ok(['uncordon', 'gsv-dev-worker'], 'node/gsv-dev-worker uncordoned');
    await eventually(async () => {
      await k.ok(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-proxy', '--field-selector=spec.nodeName=gsv-dev-worker'], /kube-proxy-\S+\s+1\/1\s+Running/);
    });
    expectEqual('same pod', await k.ok(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-proxy', '--field-selector=spec.nodeName=gsv-dev-worker', '-o', 'name']), before);
  }],
  ['exec is answered as unsupported, with what to do instead', async k => {
    const pod = await k.podName('cmp', 'app=agent-registry');
    await k.fails(['exec', pod, '-n', 'cmp', '--', 'ls'], 'not supported by the embedded GSV cluster');
  }],
  ['port-forward is answered as unsupported', async k => {
    const pod = await k.podName('cmp', 'app=agent-registry');
    await k.fails(['port-forward', pod, '-n', 'cmp', '18080:8000', '--pod-running-timeout=5s'], 'not supported by the embedded GSV cluster');
  }],
  ['cp is answered as unsupported (it runs tar through exec)', async k => {
    const pod = await k.podName('cmp', 'app=agent-registry');
    await k.fails(['cp', `cmp/${pod}:/etc/hostname`, '/dev/null'], 'pods/exec is not supported by the embedded GSV cluster');
  }],
  ['attach is answered as unsupported', async k => {
    const pod = await k.podName('cmp', 'app=agent-registry');
    await k.fails(['attach', pod, '-n', 'cmp'], 'pods/attach is not supported by the embedded GSV cluster');
  }],
  ['delete with --dry-run=server keeps the object', async k => {
    await k.ok(['delete', 'configmap', 'settings', '-n', NS, '--dry-run=server'], 'configmap "settings" deleted (server dry run)');
    await k.ok(['get', 'configmap', 'settings', '-n', NS], 'settings');
  }],
  ['delete a configmap', async k => {
    await k.ok(['delete', 'configmap', 'settings', '-n', NS], 'configmap "settings" deleted');
  }],
  ['force-delete a pod', async k => {
    const pod = await k.podName(NS, 'app=web');
    const output = await k.run(['delete', 'pod', pod, '-n', NS, '--grace-period=0', '--force']);
    expectText('stdout', output.stdout, `pod "${pod}" force deleted`);
    expectText('stderr', output.stderr, 'Immediate deletion does not wait for confirmation that the running resource has been terminated');
  }],
  ['delete by label', async k => {
    await k.ok(['delete', 'deployment', '-n', NS, '-l', 'app=web'], 'deployment.apps "web" deleted');
  }],
  ['delete a namespace takes its contents', async k => {
    await k.ok(['delete', 'namespace', NS, '--wait=false'], `namespace "${NS}" deleted`);
    await eventually(async () => {
      await k.fails(['get', 'namespace', NS], `namespaces "${NS}" not found`);
    }, 60_000);
  }],
];
