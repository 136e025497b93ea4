import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createScaleDatabaseAction } from './scaleDatabase';

describe('gsv:database:scale', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createScaleDatabaseAction,
    actionId: 'gsv:database:scale',
    runbook: 'database-scale',
    input: {
      entityRef: 'resource:default/cmp-postgres',
      cluster: 'gsv-dev',
      parameters: { namespace: 'cmp', cluster: 'cmp-postgres', instances: 2 },
    },
    expectedParameters: {
      namespace: 'cmp',
      cluster: 'cmp-postgres',
      instances: 2,
      timeoutSeconds: 1200,
    },
    invalid: [
      [
        'zero instances',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            cluster: 'cmp-postgres',
            instances: 0,
          },
        },
        /parameters\.instances: Number must be greater than or equal to 1/,
      ],
      [
        'ten instances',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            cluster: 'cmp-postgres',
            instances: 10,
          },
        },
        /parameters\.instances: Number must be less than or equal to 9/,
      ],
      [
        'no instance count',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', cluster: 'cmp-postgres' },
        },
        /parameters\.instances: Required/,
      ],
    ],
  });
});
