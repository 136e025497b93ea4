import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createScaleDatabaseAction } from './scaleDatabase';
import { examples } from './scaleDatabase.examples';

describe('gsv:database:scale examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createScaleDatabaseAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        cluster: 'cmp-postgres',
        instances: 3,
        timeoutSeconds: 1200,
      },
      {
        namespace: 'cmp',
        cluster: 'cmp-postgres',
        instances: 4,
        timeoutSeconds: 2400,
      },
    ],
  });
});
