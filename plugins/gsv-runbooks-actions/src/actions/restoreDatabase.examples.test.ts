import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createRestoreDatabaseAction } from './restoreDatabase';
import { examples } from './restoreDatabase.examples';

describe('gsv:database:restore examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createRestoreDatabaseAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        sourceCluster: 'cmp-postgres',
        newClusterName: 'cmp-postgres-restore',
        targetTime: '2026-11-24T10:00:00Z',
        instances: 1,
        timeoutSeconds: 1800,
      },
      {
        namespace: 'cmp',
        sourceCluster: 'cmp-postgres',
        newClusterName: 'cmp-postgres-pitr',
        targetTime: '2026-11-24T09:30:00+01:00',
        instances: 2,
        timeoutSeconds: 3600,
      },
    ],
  });
});
