import type { Finding, PvcView } from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { finding, levelOf, sortFindings } from './levels';
import { parseQuantity } from './quantities';
import type { OpsThresholds } from './thresholds';

/** Usage of one PVC as the kubelet reported it. */
export interface VolumeUsage {
  usedBytes: number;
  capacityBytes: number;
  /** Epoch ms. */
  measuredAt: number;
}

export function pvcView(
  pvc: KubeObject,
  context: { thresholds: OpsThresholds; usage?: VolumeUsage; usedByPods: string[] },
): PvcView {
  const { thresholds, usage } = context;
  const status = pvc.status ?? {};
  const name = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
  const ref = { kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name };
  const phase: string = status.phase ?? 'Pending';
  const capacityBytes = parseQuantity(status.capacity?.storage) ?? usage?.capacityBytes;
  const findings: Finding[] = [];

  if (phase === 'Lost') {
    findings.push(finding('critical', 'pvc.lost', `PVC ${name} lost its volume`, ref));
  } else if (phase === 'Pending') {
    findings.push(finding('warning', 'pvc.pending', `PVC ${name} is not bound to a volume`, ref));
  }

  let usedRatio: number | undefined;
  if (usage && usage.capacityBytes > 0) {
    usedRatio = usage.usedBytes / usage.capacityBytes;
    const percent = Math.round(usedRatio * 1000) / 10;
    const { healthyBelowPercent, warningPercent, criticalPercent } = thresholds.disk;
    const text = `PVC ${name} is ${percent}% full (${formatBytes(usage.usedBytes)} of ${formatBytes(usage.capacityBytes)})`;
    if (percent >= criticalPercent) {
      findings.push(finding('critical', 'pvc.usage', `${text}; critical from ${criticalPercent}%`, ref));
    } else if (percent >= warningPercent) {
      findings.push(finding('warning', 'pvc.usage', `${text}; warning from ${warningPercent}%`, ref));
    } else if (percent >= healthyBelowPercent) {
      findings.push(finding('ok', 'pvc.usage', `${text}; above the healthy range (< ${healthyBelowPercent}%)`, ref));
    }
  }

  const sorted = sortFindings(findings);
  return {
    namespace: pvc.metadata.namespace ?? '',
    name: pvc.metadata.name,
    phase,
    storageClass: pvc.spec?.storageClassName,
    capacityBytes,
    usedBytes: usage?.usedBytes,
    usedRatio,
    usageMeasuredAt: usage ? new Date(usage.measuredAt).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined,
    usedByPods: [...context.usedByPods].sort(),
    // Unknown usage is not a finding, but the row says so.
    level: findings.length || usage || phase !== 'Bound' ? levelOf(sorted) : 'unknown',
    findings: sorted,
  };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Math.round(value * 10) / 10} ${units[unit]}`;
}
