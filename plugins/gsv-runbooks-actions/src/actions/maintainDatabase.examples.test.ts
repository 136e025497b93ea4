import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createMaintainDatabaseAction } from './maintainDatabase';
import { examples } from './maintainDatabase.examples';

describe('gsv:database:maintain examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createMaintainDatabaseAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        cluster: 'cmp-postgres',
        operation: 'bloat-report',
        timeoutSeconds: 1800,
      },
      {
        namespace: 'cmp',
        cluster: 'cmp-postgres',
        operation: 'vacuum-analyze',
        table: 'public.agents_webhookdelivery',
        timeoutSeconds: 3600,
      },
    ],
  });
});
