import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createCleanupWorkloadsAction } from './cleanupWorkloads';
import { examples } from './cleanupWorkloads.examples';

describe('gsv:workload:cleanup examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createCleanupWorkloadsAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        completedJobsOlderThanHours: 24,
        keepReplicaSets: 3,
        maxDeletions: 50,
        timeoutSeconds: 300,
      },
      {
        namespace: 'cmp',
        completedJobsOlderThanHours: 168,
        keepReplicaSets: 10,
        maxDeletions: 10,
        timeoutSeconds: 300,
      },
    ],
  });
});
