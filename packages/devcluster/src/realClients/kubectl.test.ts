import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useClusters } from '../__testUtils__/cluster';
import { kubectlFor } from '../__testUtils__/kubectl';

jest.setTimeout(90_000);

describe('kubectl against the emulator', () => {
  const start = useClusters();
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'devcluster-kubectl-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('gets objects as JSON and as server-side tables, and describes them', async () => {
    const cluster = await start({ clock: { speed: 40 } });
    const kubectl = kubectlFor(cluster, directory);
    const json = await kubectl(['get', 'deployment', 'agent-registry', '-n', 'cmp', '-o', 'json']);
    expect(json.code).toBe(0);
    const deployment = JSON.parse(json.stdout);
    expect(deployment).toMatchObject({ kind: 'Deployment', metadata: { name: 'agent-registry', namespace: 'cmp' }, spec: { replicas: 3 } });
    const table = await kubectl(['get', 'pods', '-n', 'cmp', '-l', 'app=agent-registry']);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(table.stdout).toMatch(/agent-registry-\w+-\w{5}\s+1\/1\s+Running\s+0\s+/);
    const certificates = await kubectl(['get', 'certificates', '-A']);
    expect(certificates.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+SECRET\s+AGE$/);
    expect(certificates.stdout).toMatch(/cert-manager\s+wildcard-dev-tls\s+False\s+wildcard-dev-tls\s+300d/);
    const described = await kubectl(['describe', 'deployment', 'agent-registry', '-n', 'cmp']);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable/);
    expect(described.stdout).toMatch(/RollingUpdateStrategy:\s+0 max unavailable, 1 max surge/);
    expect(described.stdout).toContain('NewReplicaSet:');
    const pod = cluster.store.get('pods', 'cmp', 'cmp-postgres-1')!;
    const podDescription = await kubectl(['describe', 'pod', pod.metadata.name, '-n', 'cmp']);
    expect(podDescription.stdout).toMatch(/Warning\s+FreeDiskSpaceLow/);
  });

  it('restarts, watches and undoes a rollout', async () => {
    const cluster = await start({ clock: { speed: 40 } });
    const kubectl = kubectlFor(cluster, directory);
    const restart = await kubectl(['rollout', 'restart', 'deployment/agent-registry', '-n', 'cmp']);
    expect(restart.stdout.trim()).toBe('deployment.apps/agent-registry restarted');
    const status = await kubectl(['rollout', 'status', 'deployment/agent-registry', '-n', 'cmp', '--timeout=60s']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Waiting for deployment "agent-registry" rollout to finish');
    expect(status.stdout.trim().split('\n').pop()).toBe('deployment "agent-registry" successfully rolled out');
    const restarted = cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!;
    expect(restarted.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
    expect(restarted.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
    const undo = await kubectl(['rollout', 'undo', 'deployment/agent-registry', '-n', 'cmp']);
    expect(undo.stdout.trim()).toBe('deployment.apps/agent-registry rolled back');
    expect((await kubectl(['rollout', 'status', 'deployment/agent-registry', '-n', 'cmp', '--timeout=60s'])).code).toBe(0);
    const undone = cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!;
    expect(undone.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeUndefined();
    expect(undone.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('5');
    const history = await kubectl(['rollout', 'history', 'deployment/agent-registry', '-n', 'cmp']);
    expect(history.stdout).toMatch(/REVISION\s+CHANGE-CAUSE/);
  });

  it('scales, reads logs and metrics, annotates, patches and deletes', async () => {
    const cluster = await start({ clock: { speed: 40 } });
    const kubectl = kubectlFor(cluster, directory);
    expect((await kubectl(['scale', 'deployment/agent-registry-worker', '-n', 'cmp', '--replicas=3'])).stdout.trim()).toBe('deployment.apps/agent-registry-worker scaled');
    expect(cluster.store.get('deployments.apps', 'cmp', 'agent-registry-worker')!.spec.replicas).toBe(3);
    const logs = await kubectl(['logs', '-n', 'cmp', 'deployment/agent-registry', '--tail=3']);
    expect(logs.code).toBe(0);
    expect(logs.stdout.trim().split('\n')).toHaveLength(3);
    const top = await kubectl(['top', 'pod', '-n', 'cmp']);
    expect(top.code).toBe(0);
    expect(top.stdout.split('\n')[0]).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/);
    expect(top.stdout).toMatch(/cmp-postgres-1\s+\d+m\s+\d+Mi/);
    const annotate = await kubectl(['annotate', 'externalsecret', 'agent-registry-secrets', '-n', 'cmp', 'force-sync=1764064800', '--overwrite']);
    expect(annotate.stdout.trim()).toBe('externalsecret.external-secrets.io/agent-registry-secrets annotated');
    expect(cluster.store.get('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets')!.metadata.annotations?.['force-sync']).toBe('1764064800');
    const patch = await kubectl(['patch', 'cluster', 'cmp-postgres', '-n', 'cmp', '--type', 'merge', '-p', '{"spec":{"instances":4}}']);
    expect(patch.stdout.trim()).toBe('cluster.postgresql.cnpg.io/cmp-postgres patched');
    expect(cluster.store.get('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres')!.spec.instances).toBe(4);
    const job = cluster.store.list('jobs.batch', { namespace: 'cmp', labelSelector: 'app=agent-registry-cleanup' })[0].metadata.name;
    const deleted = await kubectl(['delete', 'job', job, '-n', 'cmp']);
    expect(deleted.stdout.trim()).toBe(`job.batch "${job}" deleted`);
    expect(cluster.store.get('jobs.batch', 'cmp', job)).toBeUndefined();
    const dryRun = await kubectl(['delete', 'deployment', 'agent-registry', '-n', 'cmp', '--dry-run=server']);
    expect(dryRun.stdout.trim()).toBe('deployment.apps "agent-registry" deleted (server dry run)');
    expect(cluster.store.get('deployments.apps', 'cmp', 'agent-registry')).toBeDefined();
  });

  it('applies manifests client-side (with server-side validation) and server-side', async () => {
    const cluster = await start({ clock: { speed: 40 } });
    const kubectl = kubectlFor(cluster, directory);
    const manifest = join(directory, 'backup.yaml');
    writeFileSync(manifest, 'apiVersion: postgresql.cnpg.io/v1\nkind: Backup\nmetadata:\n  name: manual-backup-1\n  namespace: cmp\nspec:\n  cluster:\n    name: cmp-postgres\n');
    const created = await kubectl(['apply', '-f', manifest]);
    expect(created.stdout.trim()).toBe('backup.postgresql.cnpg.io/manual-backup-1 created');
    expect(cluster.store.get('backups.postgresql.cnpg.io', 'cmp', 'manual-backup-1')?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeTruthy();
    expect(cluster.requestLog.count(entry => entry.path.startsWith('/apis/postgresql.cnpg.io') && entry.verb === 'create')).toBe(1);
    const configMap = join(directory, 'cm.yaml');
    writeFileSync(configMap, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: cmp\ndata:\n  a: "1"\n');
    expect((await kubectl(['apply', '-f', configMap])).stdout.trim()).toBe('configmap/applied created');
    writeFileSync(configMap, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: cmp\ndata:\n  a: "2"\n');
    expect((await kubectl(['apply', '-f', configMap])).stdout.trim()).toBe('configmap/applied configured');
    expect(cluster.store.get('configmaps', 'cmp', 'applied')?.data).toEqual({ a: '2' });
    expect((await kubectl(['apply', '--server-side', '-f', configMap])).stdout.trim()).toBe('configmap/applied serverside-applied');
  });

  it('answers auth can-i for the backend and relays Forbidden errors', async () => {
    const cluster = await start({ clock: { speed: 40 } });
    const kubectl = kubectlFor(cluster, directory);
    const secrets = await kubectl(['auth', 'can-i', 'get', 'secrets', '-n', 'cmp'], 'backend');
    expect(secrets.stdout.trim()).toBe('no');
    expect(secrets.code).toBe(1);
    const patch = await kubectl(['auth', 'can-i', 'patch', 'deployments', '-n', 'cmp'], 'backend');
    expect(patch.stdout.trim()).toBe('yes');
    const promote = await kubectl(['auth', 'can-i', 'patch', 'clusters.postgresql.cnpg.io', '--subresource=status', '-n', 'cmp'], 'backend');
    expect(promote.stdout.trim()).toBe('yes');
    const impersonated = await kubectl(['auth', 'can-i', 'list', 'secrets', '-n', 'cmp', '--as', 'system:serviceaccount:backstage:gsv-backstage']);
    expect(impersonated.stdout.trim()).toBe('no');
    const forbidden = await kubectl(['get', 'secrets', '-n', 'cmp'], 'viewer');
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr.trim()).toBe(
      'Error from server (Forbidden): secrets is forbidden: User "gsv-viewer" cannot list resource "secrets" in API group "" in the namespace "cmp"',
    );
  });
});
