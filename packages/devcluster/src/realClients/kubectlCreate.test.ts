import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useClusters } from '../__testUtils__/cluster';
import { kubectlFor } from '../__testUtils__/kubectl';

jest.setTimeout(90_000);

/** The kubectl commands that send protobuf bodies (typed clients) and the APIs they need. */
describe('kubectl create, autoscale and create token against the emulator', () => {
  const start = useClusters();
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'devcluster-kubectl-create-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('creates namespaces, config maps, secrets, deployments, ingresses and jobs from cron jobs (protobuf bodies)', async () => {
    const cluster = await start({ clock: { speed: 40 } });
    const kubectl = kubectlFor(cluster, directory);
    const run = async (args: string[]) => {
      const result = await kubectl(args);
      expect(result.stderr).toBe('');
      return result.stdout.trim();
    };
    expect(await run(['create', 'namespace', 'team-a'])).toBe('namespace/team-a created');
    expect(await run(['create', 'configmap', 'settings', '-n', 'team-a', '--from-literal=mode=fast', '--from-literal=empty='])).toBe('configmap/settings created');
    expect(cluster.store.get('configmaps', 'team-a', 'settings')!.data).toEqual({ mode: 'fast', empty: '' });
    expect(await run(['create', 'secret', 'generic', 'db', '-n', 'team-a', '--from-literal=password=hunter2'])).toBe('secret/db created');
    expect(cluster.store.get('secrets', 'team-a', 'db')!.data).toEqual({ password: Buffer.from('hunter2').toString('base64') });
    expect(await run(['create', 'deployment', 'web', '-n', 'team-a', '--image=nginx:1.27', '--replicas=0', '--port=8080'])).toBe('deployment.apps/web created');
    const web = cluster.store.get('deployments.apps', 'team-a', 'web')!;
    expect(web.spec.replicas).toBe(0);
    expect(web.spec.template.spec.containers).toEqual([
      expect.objectContaining({ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080, protocol: 'TCP' }], resources: {} }),
    ]);
    expect(web.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await run(['create', 'ingress', 'web', '-n', 'team-a', '--rule=web.example/=web:8080'])).toBe('ingress.networking.k8s.io/web created');
    expect(cluster.store.get('ingresses.networking.k8s.io', 'team-a', 'web')!.spec.rules[0]).toMatchObject({ host: 'web.example', http: { paths: [{ path: '/' }] } });
    expect(await run(['create', 'job', 'cleanup-now', '-n', 'cmp', '--from=cronjob/agent-registry-cleanup'])).toBe('job.batch/cleanup-now created');
    const job = cluster.store.get('jobs.batch', 'cmp', 'cleanup-now')!;
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'agent-registry-cleanup', controller: true });
    const cronJob = cluster.store.get('cronjobs.batch', 'cmp', 'agent-registry-cleanup')!;
    expect(job.spec.template.spec.containers[0].command).toEqual(cronJob.spec.jobTemplate.spec.template.spec.containers[0].command);
  });

  it('autoscales with autoscaling/v1 and issues service account tokens (TokenRequest)', async () => {
    const cluster = await start({ clock: { speed: 40 } });
    const kubectl = kubectlFor(cluster, directory);
    const autoscaled = await kubectl(['autoscale', 'deployment', 'agent-registry-worker', '-n', 'cmp', '--min=2', '--max=6', '--cpu-percent=75']);
    expect(autoscaled.stdout.trim()).toBe('horizontalpodautoscaler.autoscaling/agent-registry-worker autoscaled');
    const stored = cluster.store.get('horizontalpodautoscalers.autoscaling', 'cmp', 'agent-registry-worker')!;
    expect(stored.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } }]);
    const v1 = await kubectl(['get', '--raw', '/apis/autoscaling/v1/namespaces/cmp/horizontalpodautoscalers/agent-registry-worker']);
    expect(JSON.parse(v1.stdout).spec).toEqual({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent-registry-worker' }, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 75 });
    const token = (await kubectl(['create', 'token', 'gsv-backstage', '-n', 'backstage', '--duration=20m'])).stdout.trim();
    expect(token.length).toBeGreaterThan(20);
    const whoami = await kubectl(['auth', 'whoami', '--token', token, '-o', 'jsonpath={.status.userInfo.username}']);
    expect(whoami.stdout).toBe('system:serviceaccount:backstage:gsv-backstage');
    const tooShort = await kubectl(['create', 'token', 'gsv-backstage', '-n', 'backstage', '--duration=5m']);
    expect(tooShort.stderr).toContain('may not specify a duration less than 10 minutes');
  });
});
