import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createMaintainDatabaseAction } from './maintainDatabase';

const target = { namespace: 'cmp', cluster: 'cmp-postgres' };
const request = (parameters: Record<string, unknown>) => ({
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: { ...target, ...parameters },
});

describe('gsv:database:maintain', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createMaintainDatabaseAction,
    actionId: 'gsv:database:maintain',
    runbook: 'database-maintenance',
    input: request({
      operation: 'vacuum-analyze',
      table: 'public.agents_agent',
    }),
    expectedParameters: {
      ...target,
      operation: 'vacuum-analyze',
      table: 'public.agents_agent',
      timeoutSeconds: 1800,
    },
    invalid: [
      [
        'an unknown operation',
        request({ operation: 'reindex' }),
        /parameters\.operation/,
      ],
      [
        'a table for the bloat report',
        request({ operation: 'bloat-report', table: 'public.agents_agent' }),
        /parameters\.table/,
      ],
      [
        'SQL for a table name',
        request({ operation: 'vacuum-analyze', table: 'a; DROP TABLE b' }),
        /parameters\.table/,
      ],
    ],
  });
});
