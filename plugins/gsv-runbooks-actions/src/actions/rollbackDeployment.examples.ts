import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Roll the agent registry back to its previous revision',
    example: yaml.stringify({
      steps: [
        {
          id: 'rollback-deployment',
          action: 'gsv:deployment:rollback',
          name: 'Roll the agent registry back to its previous revision',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              deployment: 'agent-registry',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Roll Keycloak back to revision 7',
    example: yaml.stringify({
      steps: [
        {
          id: 'rollback-deployment',
          action: 'gsv:deployment:rollback',
          name: 'Roll Keycloak back to revision 7',
          input: {
            entityRef: 'component:default/keycloak',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'sso',
              deployment: 'keycloak',
              toRevision: 7,
            },
          },
        },
      ],
    }),
  },
];
