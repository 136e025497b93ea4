import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createRollbackDeploymentAction } from './rollbackDeployment';

describe('gsv:deployment:rollback', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createRollbackDeploymentAction,
    actionId: 'gsv:deployment:rollback',
    runbook: 'deployment-rollback',
    input: {
      entityRef: 'component:default/keycloak',
      cluster: 'gsv-dev',
      parameters: { namespace: 'sso', deployment: 'keycloak', toRevision: 3 },
      incident: { id: 'INC-1234', severity: 'P1' },
    },
    expectedParameters: {
      namespace: 'sso',
      deployment: 'keycloak',
      toRevision: 3,
      timeoutSeconds: 300,
    },
    invalid: [
      [
        'revision 0',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            toRevision: 0,
          },
        },
        /parameters\.toRevision: Number must be greater than or equal to 1/,
      ],
      [
        'a namespace with upper-case letters',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'CMP', deployment: 'agent-registry' },
        },
        /parameters\.namespace: A namespace is lower-case letters/,
      ],
      [
        'an incident id that is too short',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', deployment: 'agent-registry' },
          incident: { id: 'I', severity: 'P1' },
        },
        /incident\.id/,
      ],
      [
        'a cluster name with a slash',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv/dev',
          parameters: { namespace: 'cmp', deployment: 'agent-registry' },
        },
        /cluster: A cluster name as configured in gsvOps\.clusters/,
      ],
    ],
  });
});
