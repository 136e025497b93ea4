import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createMigrateDatabaseAction } from './migrateDatabase';
import { examples } from './migrateDatabase.examples';

describe('gsv:database:migrate examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createMigrateDatabaseAction,
    examples,
    expectedParameters: [
      { namespace: 'cmp', deployment: 'agent-registry', mode: 'plan', timeoutSeconds: 600 },
      { namespace: 'cmp', deployment: 'agent-registry', mode: 'apply', timeoutSeconds: 1200 },
    ],
  });
});
