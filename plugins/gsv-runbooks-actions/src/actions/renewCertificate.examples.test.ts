import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createRenewCertificateAction } from './renewCertificate';
import { examples } from './renewCertificate.examples';

describe('gsv:certificate:renew examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createRenewCertificateAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        certificate: 'agent-registry-tls',
        timeoutSeconds: 600,
      },
      { namespace: 'sso', certificate: 'keycloak-tls', timeoutSeconds: 1200 },
    ],
  });
});
