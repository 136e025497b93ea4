import type { KubeObject } from '../api/types';
import { ageColumn, column, invalidValue, nameColumn, required, validateObjectMeta } from './common';
import { autoscalingV1HorizontalPodAutoscalers } from './autoscalingV1';
import type { ResourceDefinition } from './types';

/** autoscaling/v2 horizontalpodautoscalers, networking.k8s.io/v1 ingresses, coordination.k8s.io/v1 leases. */

interface MetricSpec {
  type: string;
  resource?: { name: string; target: { type: string; averageUtilization?: number; averageValue?: string } };
}

interface MetricStatus {
  type: string;
  resource?: { name: string; current: { averageUtilization?: number; averageValue?: string } };
}

/** The TARGETS column of `kubectl get hpa` (1.32 format: `cpu: 62%/70%`). */
export function hpaTargets(hpa: KubeObject): string {
  const specs: MetricSpec[] = hpa.spec?.metrics ?? [];
  const statuses: MetricStatus[] = hpa.status?.currentMetrics ?? [];
  if (specs.length === 0) return '<none>';
  const parts = specs.slice(0, 2).map(spec => {
    if (spec.type !== 'Resource' || !spec.resource) return `<unknown>/<unknown>`;
    const current = statuses.find(status => status.type === 'Resource' && status.resource?.name === spec.resource!.name);
    const target = spec.resource.target;
    if (target.type === 'Utilization') {
      const value = current?.resource?.current.averageUtilization;
      return `${spec.resource.name}: ${value === undefined ? '<unknown>' : `${value}%`}/${target.averageUtilization}%`;
    }
    return `${spec.resource.name}: ${current?.resource?.current.averageValue ?? '<unknown>'}/${target.averageValue}`;
  });
  return specs.length > 2 ? `${parts.join(', ')} + ${specs.length - 2} more...` : parts.join(', ');
}

const hpaColumns = [
  nameColumn,
  column('Reference', hpa => `${hpa.spec?.scaleTargetRef?.kind ?? ''}/${hpa.spec?.scaleTargetRef?.name ?? ''}`),
  column('Targets', hpaTargets),
  column('MinPods', hpa => hpa.spec?.minReplicas ?? 1, { type: 'integer' }),
  column('MaxPods', hpa => hpa.spec?.maxReplicas ?? 0, { type: 'integer' }),
  column('Replicas', hpa => hpa.status?.currentReplicas ?? 0, { type: 'integer' }),
  ageColumn,
];

export const autoscalingNetworkingResources: ResourceDefinition[] = [
  {
    group: 'autoscaling',
    version: 'v2',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    hasStatus: true,
    columns: hpaColumns,
    defaults(hpa) {
      hpa.spec ??= {};
      hpa.spec.minReplicas ??= 1;
      hpa.spec.metrics ??= [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      ];
    },
    validate(hpa) {
      const causes = validateObjectMeta(hpa);
      if (!hpa.spec?.scaleTargetRef?.name) causes.push(required('spec.scaleTargetRef.name'));
      if (!hpa.spec?.maxReplicas) causes.push(required('spec.maxReplicas'));
      else if (hpa.spec.maxReplicas < (hpa.spec.minReplicas ?? 1)) {
        causes.push(invalidValue('spec.maxReplicas', hpa.spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
      }
      if ((hpa.spec?.minReplicas ?? 1) < 1) {
        causes.push(invalidValue('spec.minReplicas', hpa.spec.minReplicas, 'must be greater than or equal to 1'));
      }
      return causes;
    },
  },
  { ...autoscalingV1HorizontalPodAutoscalers, columns: hpaColumns },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    kind: 'Ingress',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    hasStatus: true,
    columns: [
      nameColumn,
      column('Class', ing => ing.spec?.ingressClassName ?? '<none>'),
      column('Hosts', ing => (ing.spec?.rules ?? []).map((rule: { host?: string }) => rule.host ?? '*').join(',') || '*'),
      column('Address', ing => (ing.status?.loadBalancer?.ingress ?? []).map((i: { ip?: string; hostname?: string }) => i.ip ?? i.hostname).join(',')),
      column('Ports', ing => ((ing.spec?.tls ?? []).length ? '80, 443' : '80')),
      ageColumn,
    ],
    validate: ing => validateObjectMeta(ing),
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingressclasses',
    kind: 'IngressClass',
    singular: 'ingressclass',
    namespaced: false,
    columns: [
      nameColumn,
      column('Controller', ic => ic.spec?.controller ?? ''),
      column('Parameters', () => '<none>'),
      ageColumn,
    ],
    validate: ic => validateObjectMeta(ic),
  },
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    resource: 'leases',
    kind: 'Lease',
    singular: 'lease',
    namespaced: true,
    columns: [nameColumn, column('Holder', lease => lease.spec?.holderIdentity ?? ''), ageColumn],
    validate: lease => validateObjectMeta(lease),
  },
];
