import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Sync the agent registry's application to its target revision",
    example: yaml.stringify({
      steps: [
        {
          id: 'sync-application',
          action: 'gsv:application:sync',
          name: "Sync the agent registry's application to its target revision",
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              application: 'agent-registry',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Sync Keycloak to a tag and prune what is no longer in Git',
    example: yaml.stringify({
      steps: [
        {
          id: 'sync-application',
          action: 'gsv:application:sync',
          name: 'Sync Keycloak to a tag and prune what is no longer in Git',
          input: {
            entityRef: 'component:default/keycloak',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'argocd',
              application: 'keycloak',
              revision: 'v24.0.5',
              prune: true,
            },
          },
        },
      ],
    }),
  },
];
