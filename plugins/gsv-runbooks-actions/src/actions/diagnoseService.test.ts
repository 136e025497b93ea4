import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createDiagnoseServiceAction } from './diagnoseService';

const target = { namespace: 'cmp', deployment: 'agent-registry' };
const request = (parameters: Record<string, unknown>) => ({
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: { ...target, ...parameters },
});

describe('gsv:service:diagnose', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createDiagnoseServiceAction,
    actionId: 'gsv:service:diagnose',
    runbook: 'service-diagnostics',
    input: request({ timeoutSeconds: 60 }),
    expectedParameters: { ...target, timeoutSeconds: 60 },
    invalid: [
      [
        'a timeout under 30 seconds',
        request({ timeoutSeconds: 5 }),
        /parameters\.timeoutSeconds/,
      ],
      ['an unknown parameter', request({ command: 'rm -rf /' }), /parameters/],
    ],
  });
});
