import { useClusters } from '../__testUtils__/cluster';

describe('DaemonSets through cordon and uncordon', () => {
  const start = useClusters();

  it('keeps daemon pods running on a cordoned node and schedules nothing else there', async () => {
    const cluster = await start();
    const node = 'gsv-dev-worker';
    const daemonPods = () =>
      cluster.store
        .list('pods', { fieldSelector: `spec.nodeName=${node}` })
        .filter(pod => pod.metadata.ownerReferences?.[0]?.kind === 'DaemonSet')
        .map(pod => `${pod.metadata.name} ${pod.metadata.uid} ${pod.status.phase}`)
        .sort();
    const before = daemonPods();
    expect(before).toHaveLength(2);
    cluster.store.patch('nodes', undefined, node, { spec: { unschedulable: true } });
    await cluster.clock.advance(30_000);
    expect(daemonPods()).toEqual(before);
    const workers = () => cluster.store.list('pods', { namespace: 'cmp', labelSelector: 'app=agent-registry-worker' });
    const existing = new Set(workers().map(pod => pod.metadata.name));
    cluster.store.patch('deployments.apps', 'cmp', 'agent-registry-worker', { spec: { replicas: 6 } });
    await cluster.clock.advance(30_000);
    const added = workers().filter(pod => !existing.has(pod.metadata.name));
    expect(added).toHaveLength(4);
    expect(added.filter(pod => pod.spec.nodeName === node)).toEqual([]);
    cluster.store.patch('nodes', undefined, node, { spec: { unschedulable: null } });
    await cluster.clock.advance(30_000);
    expect(daemonPods()).toEqual(before);
  });

  it('gives the pods it creates the tolerations the real controller adds', async () => {
    const cluster = await start();
    const [pod] = cluster.store.list('pods', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-proxy' });
    cluster.store.delete('pods', 'kube-system', pod.metadata.name, { gracePeriodSeconds: 0 });
    await cluster.clock.advance(10_000);
    const replaced = cluster.store.list('pods', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-proxy', fieldSelector: `spec.nodeName=${pod.spec.nodeName}` });
    expect(replaced).toHaveLength(1);
    expect(replaced[0].spec.tolerations).toContainEqual({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' });
  });
});
