import type { MetricId, RecommendationView } from '@gsv/plugin-gsv-ops-common';
import { formatCpu, formatMemory, parseQuantity } from '../domain/quantities';
import { formatMetricValue } from './thresholds';

/** The symptoms of the ops guide's §3.4 scaling decision matrix. */
export interface DecisionMatrixTriggers {
  p99LatencySeconds: number;
  memoryRatio: number;
  cpuThrottlingRatio: number;
  queueDepth: number;
  dbConnectionsRatio: number;
}

export const DEFAULT_TRIGGERS: DecisionMatrixTriggers = {
  p99LatencySeconds: 2,
  memoryRatio: 0.85,
  cpuThrottlingRatio: 0.9,
  queueDepth: 500,
  dbConnectionsRatio: 0.8,
};

export interface DeploymentFacts {
  namespace: string;
  name: string;
  replicas: number;
  /** The HPA that scales the deployment, if one does: then its bounds are what to scale. */
  hpa?: { name: string; minReplicas: number; maxReplicas: number };
  container?: { name: string; limits?: { cpu?: string; memory?: string } };
}

export interface RecommendationInput {
  values: Partial<Record<MetricId | 'cpuThrottling', number>>;
  deployment?: DeploymentFacts;
  workers?: DeploymentFacts;
  database?: { namespace: string; name: string; instances: number };
  caps: { maxReplicas: number; maxDatabaseInstances: number };
  triggers?: DecisionMatrixTriggers;
}

const defined = (value: number | undefined): value is number =>
  value !== undefined && !Number.isNaN(value);

/** The rows of the §3.4 decision matrix that apply now, each with its runbook prefilled. */
export function recommend(input: RecommendationInput): RecommendationView[] {
  const { values, deployment, workers, database, caps } = input;
  const triggers = input.triggers ?? DEFAULT_TRIGGERS;
  const result: RecommendationView[] = [];

  const latency = values.p99Latency;
  if (defined(latency) && latency > triggers.p99LatencySeconds && deployment) {
    const replicas = Math.min(
      caps.maxReplicas,
      deployment.replicas + Math.max(1, Math.ceil(deployment.replicas / 2)),
    );
    if (replicas > deployment.replicas) {
      result.push({
        id: 'scale-horizontally',
        title: `Scale ${deployment.name} horizontally`,
        reason: `High latency: P99 is ${formatMetricValue(
          latency,
          'seconds',
        )} (> ${triggers.p99LatencySeconds} s). Scale from ${
          deployment.replicas
        } to ${replicas} replicas${
          deployment.hpa
            ? ` through HPA ${deployment.hpa.name}: raise its minimum to ${replicas}`
            : ''
        }.`,
        metric: 'p99Latency',
        ...horizontalScale(deployment, replicas),
      });
    }
  }

  const memory = values.memory;
  if (
    defined(memory) &&
    memory > triggers.memoryRatio &&
    deployment?.container
  ) {
    const limit =
      deployment.container.limits?.memory &&
      parseQuantity(deployment.container.limits.memory);
    if (limit) {
      const raised = formatMemory(limit * 1.5);
      result.push({
        id: 'raise-memory',
        title: `Raise the memory limit of ${deployment.name}`,
        reason: `Memory pressure: ${formatMetricValue(
          memory,
          'ratio',
        )} of the limit is used (> ${formatMetricValue(
          triggers.memoryRatio,
          'ratio',
        )}). Raise the limit from ${
          deployment.container.limits!.memory
        } to ${raised}, or scale out.`,
        metric: 'memory',
        runbook: 'deployment-set-resources',
        target: {
          kind: 'Deployment',
          namespace: deployment.namespace,
          name: deployment.name,
        },
        parameters: {
          namespace: deployment.namespace,
          deployment: deployment.name,
          container: deployment.container.name,
          limits: { memory: raised },
        },
      });
    }
  }

  const throttling = values.cpuThrottling;
  if (
    defined(throttling) &&
    throttling > triggers.cpuThrottlingRatio &&
    deployment?.container
  ) {
    const limit =
      deployment.container.limits?.cpu &&
      parseQuantity(deployment.container.limits.cpu);
    if (limit) {
      const raised = formatCpu(limit * 1.5);
      result.push({
        id: 'raise-cpu-limits',
        title: `Raise the CPU limit of ${deployment.name}`,
        reason: `CPU throttling: ${formatMetricValue(
          throttling,
          'ratio',
        )} of CPU periods are throttled (> ${formatMetricValue(
          triggers.cpuThrottlingRatio,
          'ratio',
        )}). Raise the limit from ${
          deployment.container.limits!.cpu
        } to ${raised}.`,
        metric: 'cpuThrottling',
        runbook: 'deployment-set-resources',
        target: {
          kind: 'Deployment',
          namespace: deployment.namespace,
          name: deployment.name,
        },
        parameters: {
          namespace: deployment.namespace,
          deployment: deployment.name,
          container: deployment.container.name,
          limits: { cpu: raised },
        },
      });
    }
  }

  const queue = values.queueDepth;
  if (defined(queue) && queue > triggers.queueDepth && workers) {
    const replicas = Math.min(
      caps.maxReplicas,
      Math.max(workers.replicas + 1, workers.replicas * 2),
    );
    if (replicas > workers.replicas) {
      result.push({
        id: 'scale-workers',
        title: `Scale the workers (${workers.name})`,
        reason: `Queue backlog: ${Math.round(queue)} tasks waiting (> ${
          triggers.queueDepth
        }) with ${workers.replicas} worker${
          workers.replicas === 1 ? '' : 's'
        }. Scale to ${replicas}.`,
        metric: 'queueDepth',
        ...horizontalScale(workers, replicas),
      });
    }
  }

  const connections = values.dbConnections;
  if (
    defined(connections) &&
    connections > triggers.dbConnectionsRatio &&
    database
  ) {
    const instances = Math.min(
      caps.maxDatabaseInstances,
      database.instances + 1,
    );
    if (instances > database.instances) {
      result.push({
        id: 'database-capacity',
        title: `Add a replica to ${database.name}`,
        reason: `Database connections at ${formatMetricValue(
          connections,
          'ratio',
        )} of max_connections (> ${formatMetricValue(
          triggers.dbConnectionsRatio,
          'ratio',
        )}). Add a read replica (${
          database.instances
        } → ${instances} instances), or put a connection pooler (PgBouncer) in front.`,
        metric: 'dbConnections',
        runbook: 'database-scale',
        target: {
          kind: 'Cluster',
          namespace: database.namespace,
          name: database.name,
        },
        parameters: {
          namespace: database.namespace,
          cluster: database.name,
          instances,
        },
      });
    }
  }

  return result;
}

/** The runbook of a horizontal scale: the HPA's minimum when an autoscaler manages the deployment, else its replicas. */
function horizontalScale(
  deployment: DeploymentFacts,
  replicas: number,
): Pick<RecommendationView, 'runbook' | 'target' | 'parameters'> {
  const { namespace, name, hpa } = deployment;
  if (hpa) {
    return {
      runbook: 'autoscaler-scale',
      target: { kind: 'HorizontalPodAutoscaler', namespace, name: hpa.name },
      parameters: {
        namespace,
        autoscaler: hpa.name,
        minReplicas: replicas,
        maxReplicas: Math.max(hpa.maxReplicas, replicas),
      },
    };
  }
  return {
    runbook: 'deployment-scale',
    target: { kind: 'Deployment', namespace, name },
    parameters: { namespace, deployment: name, replicas },
  };
}
