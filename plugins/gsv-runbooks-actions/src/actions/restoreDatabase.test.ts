import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createRestoreDatabaseAction } from './restoreDatabase';

describe('gsv:database:restore', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createRestoreDatabaseAction,
    actionId: 'gsv:database:restore',
    runbook: 'database-restore',
    input: {
      entityRef: 'resource:default/cmp-postgres',
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        sourceCluster: 'cmp-postgres',
        newClusterName: 'cmp-postgres-restore',
        targetTime: '2026-11-24T10:00:00Z',
      },
    },
    expectedParameters: {
      namespace: 'cmp',
      sourceCluster: 'cmp-postgres',
      newClusterName: 'cmp-postgres-restore',
      targetTime: '2026-11-24T10:00:00Z',
      instances: 1,
      timeoutSeconds: 1800,
    },
    invalid: [
      [
        'a target time without a zone',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            sourceCluster: 'cmp-postgres',
            newClusterName: 'cmp-postgres-restore',
            targetTime: '2026-11-24 10:00',
          },
        },
        /parameters\.targetTime: An ISO 8601 time with a zone/,
      ],
      [
        'a target time in words',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            sourceCluster: 'cmp-postgres',
            newClusterName: 'cmp-postgres-restore',
            targetTime: 'yesterday',
          },
        },
        /parameters\.targetTime: An ISO 8601 time with a zone/,
      ],
      [
        'ten instances',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            sourceCluster: 'cmp-postgres',
            newClusterName: 'cmp-postgres-restore',
            targetTime: '2026-11-24T10:00:00Z',
            instances: 10,
          },
        },
        /parameters\.instances: Number must be less than or equal to 9/,
      ],
      [
        'no name for the new cluster',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            sourceCluster: 'cmp-postgres',
            targetTime: '2026-11-24T10:00:00Z',
          },
        },
        /parameters\.newClusterName: Required/,
      ],
    ],
  });
});
