import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createConfigurePoolerAction } from './configurePooler';
import { examples } from './configurePooler.examples';

describe('gsv:pooler:configure examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createConfigurePoolerAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        pooler: 'cmp-postgres-pooler-rw',
        poolMode: 'transaction',
        defaultPoolSize: 20,
        maxClientConn: 100,
        timeoutSeconds: 300,
      },
      {
        namespace: 'cmp',
        pooler: 'cmp-postgres-pooler-rw',
        instances: 3,
        timeoutSeconds: 300,
      },
    ],
  });
});
