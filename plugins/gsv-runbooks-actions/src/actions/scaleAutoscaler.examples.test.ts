import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createScaleAutoscalerAction } from './scaleAutoscaler';
import { examples } from './scaleAutoscaler.examples';

describe('gsv:autoscaler:scale examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createScaleAutoscalerAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        autoscaler: 'agent-registry',
        minReplicas: 5,
        maxReplicas: 10,
        timeoutSeconds: 300,
      },
      {
        namespace: 'cmp',
        autoscaler: 'agent-registry',
        pauseAt: 4,
        timeoutSeconds: 300,
      },
    ],
  });
});
