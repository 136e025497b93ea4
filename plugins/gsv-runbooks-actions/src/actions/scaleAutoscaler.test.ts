import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createScaleAutoscalerAction } from './scaleAutoscaler';

const target = { namespace: 'cmp', autoscaler: 'agent-registry' };
const request = (parameters: Record<string, unknown>) => ({
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: { ...target, ...parameters },
});

describe('gsv:autoscaler:scale', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createScaleAutoscalerAction,
    actionId: 'gsv:autoscaler:scale',
    runbook: 'autoscaler-scale',
    input: request({ minReplicas: 5 }),
    expectedParameters: { ...target, minReplicas: 5, timeoutSeconds: 300 },
    invalid: [
      ['no bound and no pause', request({}), /Give minReplicas and\/or maxReplicas, or pauseAt alone/],
      ['a pause with bounds', request({ pauseAt: 4, maxReplicas: 6 }), /Give minReplicas and\/or maxReplicas, or pauseAt alone/],
      ['min above max', request({ minReplicas: 8, maxReplicas: 4 }), /parameters\.minReplicas: minReplicas must not exceed maxReplicas/],
      ['a minimum of 0', request({ minReplicas: 0 }), /parameters\.minReplicas: An autoscaler keeps at least 1 replica/],
    ],
  });
});
