import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createBackupDatabaseAction } from './backupDatabase';
import { examples } from './backupDatabase.examples';

describe('gsv:database:backup examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createBackupDatabaseAction,
    examples,
    expectedParameters: [
      { namespace: 'cmp', cluster: 'cmp-postgres', timeoutSeconds: 1800 },
      {
        namespace: 'cmp',
        cluster: 'cmp-postgres',
        method: 'barmanObjectStore',
        target: 'prefer-standby',
        timeoutSeconds: 3600,
      },
    ],
  });
});
