import { nodeView } from './nodes';

describe('nodeView', () => {
  it('is critical when NotReady and warns on pressure and cordon', () => {
    const node = {
      metadata: { name: 'node-2', labels: { 'node-role.kubernetes.io/worker': '' } },
      spec: { unschedulable: true },
      status: {
        nodeInfo: { kubeletVersion: 'v1.30.0' },
        conditions: [
          { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'PLEG is not healthy' },
          { type: 'DiskPressure', status: 'True', message: 'kubelet has disk pressure' },
        ],
      },
    };
    const { view, findings } = nodeView(node, 'gsv-dev', { cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 2 * 2 ** 30 });
    expect(view).toMatchObject({ ready: false, roles: ['worker'], kubeletVersion: 'v1.30.0', cpuUsage: '250m', memoryUsage: '2 GiB', level: 'critical' });
    expect(findings.map(f => f.code)).toEqual(['node.not-ready', 'node.diskpressure', 'node.cordoned']);
  });
});
