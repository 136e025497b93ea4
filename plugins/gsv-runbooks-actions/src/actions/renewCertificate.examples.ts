import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Renew the agent registry's TLS certificate",
    example: yaml.stringify({
      steps: [
        {
          id: 'renew-certificate',
          action: 'gsv:certificate:renew',
          name: "Renew the agent registry's TLS certificate",
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              certificate: 'agent-registry-tls',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      "Renew Keycloak's certificate, waiting up to 20 minutes for the issuer",
    example: yaml.stringify({
      steps: [
        {
          id: 'renew-certificate',
          action: 'gsv:certificate:renew',
          name: "Renew Keycloak's certificate, waiting up to 20 minutes for the issuer",
          input: {
            entityRef: 'component:default/keycloak',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'sso',
              certificate: 'keycloak-tls',
              timeoutSeconds: 1200,
            },
          },
        },
      ],
    }),
  },
];
