import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createCleanupWorkloadsAction } from './cleanupWorkloads';

describe('gsv:workload:cleanup', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createCleanupWorkloadsAction,
    actionId: 'gsv:workload:cleanup',
    runbook: 'workload-cleanup',
    input: {
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: { namespace: 'cmp', maxDeletions: 20 },
    },
    expectedParameters: {
      namespace: 'cmp',
      completedJobsOlderThanHours: 24,
      keepReplicaSets: 3,
      maxDeletions: 20,
      timeoutSeconds: 300,
    },
    invalid: [
      [
        'more deletions than the cap',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', maxDeletions: 500 },
        },
        /parameters\.maxDeletions: Number must be less than or equal to 200/,
      ],
      [
        'keeping no ReplicaSet for rollbacks',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', keepReplicaSets: 0 },
        },
        /parameters\.keepReplicaSets: Number must be greater than or equal to 1/,
      ],
      [
        'Jobs younger than an hour',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', completedJobsOlderThanHours: 0 },
        },
        /parameters\.completedJobsOlderThanHours: Number must be greater than or equal to 1/,
      ],
      [
        'a namespace over 63 characters',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace:
              'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn',
          },
        },
        /parameters\.namespace: A namespace has at most 63 characters/,
      ],
    ],
  });
});
