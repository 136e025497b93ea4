import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createMigrateDatabaseAction } from './migrateDatabase';

const target = { namespace: 'cmp', deployment: 'agent-registry' };
const request = (parameters: Record<string, unknown>) => ({
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: { ...target, ...parameters },
});

describe('gsv:database:migrate', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createMigrateDatabaseAction,
    actionId: 'gsv:database:migrate',
    runbook: 'database-migrate',
    input: request({ mode: 'apply' }),
    expectedParameters: { ...target, mode: 'apply', timeoutSeconds: 600 },
    invalid: [
      ['an unknown mode', request({ mode: 'fake' }), /parameters\.mode/],
      ['a deployment name with capitals', request({ deployment: 'Agent' }), /parameters\.deployment/],
    ],
  });
});
