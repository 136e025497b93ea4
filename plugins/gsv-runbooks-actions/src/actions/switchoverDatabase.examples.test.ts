import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createSwitchoverDatabaseAction } from './switchoverDatabase';
import { examples } from './switchoverDatabase.examples';

describe('gsv:database:switchover examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createSwitchoverDatabaseAction,
    examples,
    expectedParameters: [
      { namespace: 'cmp', cluster: 'cmp-postgres', timeoutSeconds: 600 },
      {
        namespace: 'cmp',
        cluster: 'cmp-postgres',
        targetInstance: 'cmp-postgres-2',
        timeoutSeconds: 600,
      },
    ],
  });
});
