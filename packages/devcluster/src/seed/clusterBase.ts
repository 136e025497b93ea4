import type { KubeObject } from '../api/types';
import { DAY, Seeder } from './Seeder';

/**
 * What every cluster has, even an "empty" one: the system namespaces, the nodes, the `kubernetes` Service and the
 * node leases. `environment` names the nodes (`gsv-dev-worker`, ...).
 */

export interface NodeSpec {
  name: string;
  controlPlane: boolean;
  internalIp: string;
  zone: string;
}

export function nodeSpecs(environment: string, count = 3): NodeSpec[] {
  const nodes: NodeSpec[] = [{ name: `gsv-${environment}-control-plane`, controlPlane: true, internalIp: '172.18.0.2', zone: 'zone-a' }];
  for (let index = 1; index < count; index++) {
    nodes.push({
      name: index === 1 ? `gsv-${environment}-worker` : `gsv-${environment}-worker${index}`,
      controlPlane: false,
      internalIp: `172.18.0.${index + 2}`,
      zone: ['zone-a', 'zone-b', 'zone-c'][index % 3],
    });
  }
  return nodes;
}

export function nodeObject(spec: NodeSpec, index: number, environment: string): KubeObject {
  const capacity = { cpu: '8', 'ephemeral-storage': '102687672Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '32882636Ki', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/zone': spec.zone,
        ...(spec.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: `10.244.${index + 1}.0/24`,
      podCIDRs: [`10.244.${index + 1}.0/24`],
      providerID: `kind://docker/gsv-${environment}/${spec.name}`,
      ...(spec.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}),
    },
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [
        { type: 'InternalIP', address: spec.internalIp },
        { type: 'Hostname', address: spec.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: `${index}c2f8a1e-7b3d-4e6f-9a0b-1c2d3e4f5a6b`,
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-1021-aws',
        kubeProxyVersion: 'v1.32.0',
        kubeletVersion: 'v1.32.0',
        machineID: `${index}a8f9c2d7e6b54a3f9e8d7c6b5a4f3e2d`,
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: `${index}b1e2d3c-4f5a-6b7c-8d9e-0f1a2b3c4d5e`,
      },
    },
  };
}

/** How long ago the seeded cluster (its nodes, system namespaces and CRDs) was installed. */
export const CLUSTER_AGE_MS = 90 * DAY;

/** Seeds namespaces, nodes, leases and the `kubernetes` service. Returns the node names. */
export function seedClusterBase(seeder: Seeder, environment: string, nodeCount = 3): string[] {
  const age = CLUSTER_AGE_MS;
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) seeder.namespace(name, {}, age);
  const specs = nodeSpecs(environment, nodeCount);
  specs.forEach((spec, index) => {
    const node = nodeObject(spec, index, environment);
    const stamp = seeder.ago(age);
    for (const condition of node.status.conditions) {
      condition.lastHeartbeatTime = seeder.ago(10_000);
      condition.lastTransitionTime = stamp;
    }
    seeder.create(node, age);
    seeder.create(
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: spec.name, namespace: 'kube-node-lease' },
        spec: { holderIdentity: spec.name, leaseDurationSeconds: 40, renewTime: `${seeder.ago(5_000).slice(0, 19)}.000000Z` },
      },
      age,
    );
  });
  seeder.service('default', 'kubernetes', { component: 'apiserver', provider: 'kubernetes' }, {}, [{ name: 'https', port: 443, targetPort: 6443 }], { clusterIP: '10.96.0.1', selector: undefined }, age);
  for (const lease of ['kube-controller-manager', 'kube-scheduler']) {
    seeder.create(
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: lease, namespace: 'kube-system' },
        spec: {
          holderIdentity: `${specs[0].name}_${lease.length}f3c9a1e-2b4d-4c6e-8f0a-1b2c3d4e5f6a`,
          leaseDurationSeconds: 15,
          leaseTransitions: 1,
          renewTime: `${seeder.ago(2_000).slice(0, 19)}.000000Z`,
        },
      },
      age,
    );
  }
  return specs.map(spec => spec.name);
}
