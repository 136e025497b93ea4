import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createSyncApplicationAction } from './syncApplication';

describe('gsv:application:sync', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createSyncApplicationAction,
    actionId: 'gsv:application:sync',
    runbook: 'application-sync',
    input: {
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: { application: 'agent-registry', revision: 'main' },
    },
    expectedParameters: {
      namespace: 'argocd',
      application: 'agent-registry',
      revision: 'main',
      prune: false,
      timeoutSeconds: 600,
    },
    invalid: [
      [
        'a revision with spaces and shell characters',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            application: 'agent-registry',
            revision: 'main; rm -rf /',
          },
        },
        /parameters\.revision: A branch, tag or commit/,
      ],
      [
        'prune as a string',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { application: 'agent-registry', prune: 'true' },
        },
        /parameters\.prune: Expected boolean/,
      ],
      [
        'no application',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'argocd' },
        },
        /parameters\.application: Required/,
      ],
    ],
  });
});
