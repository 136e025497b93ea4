import type { OperationRecord } from '@gsv/plugin-gsv-ops-common';
import { minutesAgo, secondsAgo, hoursAgo } from './time';

/** Recent operations on agent-registry: a restart running now, a backup that succeeded, a failed renewal. */
export function recentOperations(): OperationRecord[] {
  return [
    {
      id: 'op-3',
      runbook: 'deployment-restart',
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      environment: 'dev',
      target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
      parameters: { namespace: 'cmp', deployment: 'agent-registry' },
      dryRun: false,
      status: 'running',
      initiatedBy: 'user:default/maria.keller',
      origin: 'scaffolder-task:5b1c',
      createdAt: secondsAgo(40),
      startedAt: secondsAgo(39),
      steps: [],
    },
    {
      id: 'op-2',
      runbook: 'database-backup',
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      environment: 'dev',
      target: { kind: 'Cluster', namespace: 'cmp', name: 'cmp-postgres' },
      parameters: { namespace: 'cmp', cluster: 'cmp-postgres' },
      dryRun: false,
      status: 'succeeded',
      initiatedBy: 'user:default/guest',
      createdAt: hoursAgo(2),
      startedAt: hoursAgo(2),
      finishedAt: secondsAgo(2 * 3600 - 74),
      summary: 'Backup cmp-postgres-ondemand-20261125 completed in 1 min 14 s.',
      steps: [],
    },
    {
      id: 'op-1',
      runbook: 'certificate-renew',
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      environment: 'dev',
      target: {
        kind: 'Certificate',
        namespace: 'cert-manager',
        name: 'wildcard-dev-tls',
      },
      parameters: {
        namespace: 'cert-manager',
        certificate: 'wildcard-dev-tls',
      },
      dryRun: false,
      status: 'failed',
      initiatedBy: 'user:default/guest',
      createdAt: minutesAgo(180),
      startedAt: minutesAgo(180),
      finishedAt: minutesAgo(170),
      summary:
        'The issuer refused the order; check the ClusterIssuer letsencrypt-prod, then renew again.',
      steps: [],
    },
  ];
}
