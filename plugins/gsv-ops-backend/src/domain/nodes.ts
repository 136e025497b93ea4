import type { Finding, NodeView } from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { finding, levelOf, sortFindings } from './levels';
import { formatBytes } from './pvcs';

type Condition = { type: string; status: string; reason?: string; message?: string };

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

export interface NodeUsage {
  cpuNanoCores?: number;
  memoryWorkingSetBytes?: number;
}

export function nodeView(node: KubeObject, cluster: string, usage?: NodeUsage): { view: NodeView; findings: Finding[] } {
  const conditions: Condition[] = node.status?.conditions ?? [];
  const labels = node.metadata.labels ?? {};
  const ref = { kind: 'Node', name: node.metadata.name };
  const ready = conditions.find(c => c.type === 'Ready');
  const findings: Finding[] = [];
  if (!ready || ready.status !== 'True') {
    findings.push(
      finding(
        'critical',
        'node.not-ready',
        `Node ${node.metadata.name} in ${cluster} is NotReady${ready?.reason ? ` (${ready.reason}${ready.message ? `: ${ready.message}` : ''})` : ''}`,
        ref,
      ),
    );
  }
  for (const c of conditions) {
    if (PRESSURE.includes(c.type) && c.status === 'True') {
      findings.push(finding('warning', `node.${c.type.toLowerCase()}`, `Node ${node.metadata.name} in ${cluster} has ${c.type}${c.message ? `: ${c.message}` : ''}`, ref));
    }
    if (c.type === 'NetworkUnavailable' && c.status === 'True') {
      findings.push(finding('critical', 'node.network-unavailable', `Node ${node.metadata.name} in ${cluster} has no network${c.message ? `: ${c.message}` : ''}`, ref));
    }
  }
  if (node.spec?.unschedulable) {
    findings.push(finding('warning', 'node.cordoned', `Node ${node.metadata.name} in ${cluster} is cordoned (unschedulable)`, ref));
  }
  const roles = Object.keys(labels)
    .filter(l => l.startsWith('node-role.kubernetes.io/'))
    .map(l => l.slice('node-role.kubernetes.io/'.length))
    .concat(labels['kubernetes.io/role'] ? [labels['kubernetes.io/role']] : [])
    .filter(Boolean);
  const sorted = sortFindings(findings);
  return {
    view: {
      cluster,
      name: node.metadata.name,
      ready: ready?.status === 'True',
      roles: [...new Set(roles)].sort(),
      kubeletVersion: node.status?.nodeInfo?.kubeletVersion,
      conditions: conditions.map(c => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
      cpuUsage: usage?.cpuNanoCores !== undefined ? `${Math.round(usage.cpuNanoCores / 1e6)}m` : undefined,
      memoryUsage: usage?.memoryWorkingSetBytes !== undefined ? formatBytes(usage.memoryWorkingSetBytes) : undefined,
      level: levelOf(sorted),
    },
    findings: sorted,
  };
}
