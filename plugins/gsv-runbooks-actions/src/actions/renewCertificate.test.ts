import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createRenewCertificateAction } from './renewCertificate';

describe('gsv:certificate:renew', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createRenewCertificateAction,
    actionId: 'gsv:certificate:renew',
    runbook: 'certificate-renew',
    input: {
      entityRef: 'component:default/keycloak',
      cluster: 'gsv-dev',
      parameters: { namespace: 'sso', certificate: 'keycloak-tls' },
    },
    expectedParameters: {
      namespace: 'sso',
      certificate: 'keycloak-tls',
      timeoutSeconds: 600,
    },
    invalid: [
      [
        'a certificate name with an underscore',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', certificate: 'agent_registry_tls' },
        },
        /parameters\.certificate: A Kubernetes name/,
      ],
      [
        'no namespace',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { certificate: 'agent-registry-tls' },
        },
        /parameters\.namespace: Required/,
      ],
      [
        'no parameters at all',
        { entityRef: 'component:default/agent-registry', cluster: 'gsv-dev' },
        /parameters\.namespace: Required; parameters\.certificate: Required/,
      ],
    ],
  });
});
