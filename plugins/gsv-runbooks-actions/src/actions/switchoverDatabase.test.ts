import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createSwitchoverDatabaseAction } from './switchoverDatabase';

describe('gsv:database:switchover', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createSwitchoverDatabaseAction,
    actionId: 'gsv:database:switchover',
    runbook: 'database-switchover',
    input: {
      entityRef: 'resource:default/cmp-postgres',
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        cluster: 'cmp-postgres',
        targetInstance: 'cmp-postgres-3',
      },
    },
    expectedParameters: {
      namespace: 'cmp',
      cluster: 'cmp-postgres',
      targetInstance: 'cmp-postgres-3',
      timeoutSeconds: 600,
    },
    invalid: [
      [
        'a target instance with upper-case letters',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            cluster: 'cmp-postgres',
            targetInstance: 'CMP-postgres-2',
          },
        },
        /parameters\.targetInstance: Lower-case letters/,
      ],
      [
        'a database cluster name over 50 characters',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            cluster: 'ccccccccccccccccccccccccccccccccccccccccccccccccccc',
          },
        },
        /parameters\.cluster: At most 50 characters/,
      ],
      [
        'no database cluster',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp' },
        },
        /parameters\.cluster: Required/,
      ],
    ],
  });
});
