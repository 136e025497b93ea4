import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createBackupDatabaseAction } from './backupDatabase';

describe('gsv:database:backup', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createBackupDatabaseAction,
    actionId: 'gsv:database:backup',
    runbook: 'database-backup',
    input: {
      entityRef: 'resource:default/cmp-postgres',
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        cluster: 'cmp-postgres',
        method: 'volumeSnapshot',
      },
    },
    expectedParameters: {
      namespace: 'cmp',
      cluster: 'cmp-postgres',
      method: 'volumeSnapshot',
      timeoutSeconds: 1800,
    },
    invalid: [
      [
        'a backup method CloudNativePG does not have',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            cluster: 'cmp-postgres',
            method: 'pg_dump',
          },
        },
        /parameters\.method: Invalid enum value\. Expected 'plugin' \| 'barmanObjectStore' \| 'volumeSnapshot', received 'pg_dump'/,
      ],
      [
        'an unknown backup target',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            cluster: 'cmp-postgres',
            target: 'replica',
          },
        },
        /parameters\.target: Invalid enum value/,
      ],
      [
        'a wait longer than an hour',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            cluster: 'cmp-postgres',
            timeoutSeconds: 7200,
          },
        },
        /parameters\.timeoutSeconds: Wait at most one hour/,
      ],
      [
        'a database cluster name with dots',
        {
          entityRef: 'resource:default/cmp-postgres',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', cluster: 'cmp.postgres' },
        },
        /parameters\.cluster: Lower-case letters, digits and "-"/,
      ],
    ],
  });
});
