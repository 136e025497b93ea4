import type {
  OperationRecord,
  PendingApproval,
} from '@gsv/plugin-gsv-ops-common';
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

/** A prod switchover waiting for one platform-team approval, with the plan its requester reviewed. */
export function pendingSwitchover(canDecide: boolean): PendingApproval {
  return {
    operation: {
      id: 'op-9',
      runbook: 'database-switchover',
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-prod',
      environment: 'prod',
      target: { kind: 'Cluster', namespace: 'cmp', name: 'cmp-postgres' },
      parameters: { namespace: 'cmp', cluster: 'cmp-postgres' },
      dryRun: false,
      status: 'awaiting-approval',
      initiatedBy: 'user:default/maria.keller',
      createdAt: minutesAgo(5),
      reviewedDryRunId: 'dry-8',
      approval: {
        status: 'requested',
        required: 1,
        group: 'group:default/platform-team',
        expiresAt: minutesAgo(-55),
        votes: [],
      },
      steps: [],
    },
    plan: [
      {
        index: 3,
        name: 'plan',
        status: 'succeeded',
        message: 'Would promote cmp-postgres-2',
        startedAt: minutesAgo(6),
        detail: {
          diff: '-  targetPrimary: cmp-postgres-1\n+  targetPrimary: cmp-postgres-2',
        },
      },
    ],
    canDecide,
    ...(canDecide
      ? {}
      : {
          whyNot:
            'You requested this operation; another member of group:default/platform-team must approve it',
        }),
  };
}
