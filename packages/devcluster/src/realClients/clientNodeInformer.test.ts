import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { useClusters } from '../__testUtils__/cluster';
import { eventually } from '../__testUtils__/http';

jest.setTimeout(60_000);

interface Line {
  event: string;
  name?: string;
  count?: number;
  code?: number;
}

/** @kubernetes/client-node's informer (list + watch) against the emulator, in a child Node process. */
describe('@kubernetes/client-node informer', () => {
  const start = useClusters();
  let child: ChildProcess | undefined;
  let directory: string | undefined;

  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
    if (directory) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it('lists, then watches additions, updates and deletions, and relists after 410 Expired', async () => {
    const cluster = await start({ clock: { speed: 50 } });
    directory = mkdtempSync(join(tmpdir(), 'devcluster-informer-'));
    const kubeconfig = join(directory, 'kubeconfig');
    writeFileSync(kubeconfig, cluster.kubeconfig('backend'));
    const lines: Line[] = [];
    child = spawn(process.execPath, [resolve(__dirname, '../__testUtils__/informerClient.mjs'), kubeconfig, 'cmp'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    child.stdout!.on('data', chunk => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const part of parts) if (part.trim()) lines.push(JSON.parse(part));
    });
    let stderr = '';
    child.stderr!.on('data', chunk => {
      stderr += chunk.toString();
    });

    const synced = await eventually(() => lines.find(line => line.event === 'synced'), 20_000).catch(error => {
      throw new Error(`${error}; stderr: ${stderr}`);
    });
    const podCount = cluster.store.list('pods', { namespace: 'cmp' }).length;
    expect(synced.count).toBe(podCount);
    expect(lines.filter(line => line.event === 'add')).toHaveLength(podCount);
    await eventually(() => cluster.requestLog.count({ verb: 'watch', resource: 'pods', user: 'system:serviceaccount:backstage:gsv-backstage' }) > 0);

    cluster.store.scale('deployments.apps', 'cmp', 'agent-registry-worker', 3);
    const added = await eventually(() => lines.find(line => line.event === 'add' && lines.indexOf(line) > podCount && line.name?.startsWith('agent-registry-worker-')), 10_000);
    await eventually(() => lines.find(line => line.event === 'update' && line.name === added.name), 10_000);
    cluster.store.delete('pods', 'cmp', added.name!, { gracePeriodSeconds: 0 });
    await eventually(() => lines.find(line => line.event === 'delete' && line.name === added.name), 10_000);

    const listsBefore = cluster.requestLog.count({ verb: 'list', resource: 'pods' });
    cluster.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bump', namespace: 'cmp' } });
    cluster.faults.forceExpired({ resource: 'pods' });
    await eventually(() => cluster.requestLog.count({ verb: 'list', resource: 'pods' }) > listsBefore, 10_000);
    await eventually(() => cluster.requestLog.count({ verb: 'watch', resource: 'pods' }) >= 2, 10_000);
    expect(lines.filter(line => line.event === 'error')).toEqual([]);
  });
});
