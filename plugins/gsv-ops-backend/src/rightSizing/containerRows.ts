import type {
  ContainerRightSizing,
  ResourceRightSizing,
} from '@gsv/plugin-gsv-ops-common';
import { parseQuantity } from '../domain/quantities';
import type { PodContainerUsage } from './containerUsage';
import { podBelongsTo } from './containerUsage';
import type { RightSizingConfig } from './readRightSizingConfig';
import { judgeResource, telling, type Resource } from './suggestion';

/** A workload as right-sizing reads it: its pod template's containers and how many pods run it. */
export interface WorkloadTemplate {
  kind: ContainerRightSizing['workload']['kind'];
  namespace: string;
  name: string;
  replicas: number;
  containers: Array<{
    name: string;
    resources?: {
      requests?: Record<string, string>;
      limits?: Record<string, string>;
    };
  }>;
}

const ACTIONABLE = new Set([
  'over-provisioned',
  'under-provisioned',
  'no-request',
]);
const GIB = 2 ** 30;

/**
 * One row per container of the workload: its requests and limits against the p95 usage of its pods (past and
 * present) over the window; `usage` undefined when Prometheus is not available.
 */
export function containerRows(
  workload: WorkloadTemplate,
  usage: PodContainerUsage[] | undefined,
  settings: RightSizingConfig,
): ContainerRightSizing[] {
  return workload.containers.map(container => {
    const observed = (usage ?? []).filter(
      u => u.container === container.name && podBelongsTo(u.pod, workload),
    );
    const historySeconds = observed.length
      ? Math.max(...observed.map(u => u.historySeconds))
      : undefined;
    const judge = (resource: Resource): ResourceRightSizing => {
      const values = observed
        .map(u => u[resource])
        .filter((v): v is number => v !== undefined);
      return judgeResource(
        resource,
        {
          request: parseQuantity(container.resources?.requests?.[resource]),
          limit: parseQuantity(container.resources?.limits?.[resource]),
          p95: values.length ? Math.max(...values) : undefined,
          replicas: workload.replicas,
        },
        {
          ...settings,
          enoughHistory:
            (historySeconds ?? 0) >= settings.minimumHistorySeconds,
        },
      );
    };
    const cpu = judge('cpu');
    const memory = judge('memory');
    const row: ContainerRightSizing = {
      workload: {
        kind: workload.kind,
        namespace: workload.namespace,
        name: workload.name,
      },
      container: container.name,
      replicas: workload.replicas,
      cpu,
      memory,
      verdict: telling(cpu.verdict, memory.verdict),
      ...(historySeconds !== undefined ? { historySeconds } : {}),
      wasteScore:
        cpu.reclaimable + memory.reclaimable / GIB / settings.memoryGiBPerCore,
    };
    const action = setResourcesAction(row);
    return action ? { ...row, action } : row;
  });
}

/** The set-resources runbook with the suggested requests (and limits they need) of the resources to change. */
function setResourcesAction(
  row: ContainerRightSizing,
): ContainerRightSizing['action'] {
  if (row.workload.kind !== 'Deployment') return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  for (const resource of ['cpu', 'memory'] as const) {
    const judged = row[resource];
    if (!ACTIONABLE.has(judged.verdict) || !judged.suggestedRequest) continue;
    requests[resource] = judged.suggestedRequest;
    if (judged.suggestedLimit) limits[resource] = judged.suggestedLimit;
  }
  if (Object.keys(requests).length === 0) return undefined;
  return {
    runbook: 'deployment-set-resources',
    target: {
      kind: 'Deployment',
      namespace: row.workload.namespace,
      name: row.workload.name,
    },
    parameters: {
      namespace: row.workload.namespace,
      deployment: row.workload.name,
      container: row.container,
      requests,
      ...(Object.keys(limits).length ? { limits } : {}),
    },
  };
}
