import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createConfigurePoolerAction } from './configurePooler';

const target = { namespace: 'cmp', pooler: 'cmp-postgres-pooler-rw' };
const request = (parameters: Record<string, unknown>) => ({
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: { ...target, ...parameters },
});

describe('gsv:pooler:configure', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createConfigurePoolerAction,
    actionId: 'gsv:pooler:configure',
    runbook: 'pooler-configure',
    input: request({ defaultPoolSize: 25 }),
    expectedParameters: { ...target, defaultPoolSize: 25, timeoutSeconds: 300 },
    invalid: [
      [
        'nothing to change',
        request({}),
        /Give at least one of instances, poolMode, defaultPoolSize, maxClientConn/,
      ],
      [
        'statement mode',
        request({ poolMode: 'statement' }),
        /pool_mode must be session or transaction/,
      ],
      [
        'a pool size of 0',
        request({ defaultPoolSize: 0 }),
        /default_pool_size is a positive whole number/,
      ],
    ],
  });
});
