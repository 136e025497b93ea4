import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Refresh the agent registry's secrets from the secret store",
    example: yaml.stringify({
      steps: [
        {
          id: 'rotate-secret',
          action: 'gsv:secret:rotate',
          name: "Refresh the agent registry's secrets from the secret store",
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              externalSecret: 'agent-registry-secrets',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Refresh them and restart the deployments that use them',
    example: yaml.stringify({
      steps: [
        {
          id: 'rotate-secret',
          action: 'gsv:secret:rotate',
          name: 'Refresh them and restart the deployments that use them',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              externalSecret: 'agent-registry-secrets',
              restartConsumers: true,
            },
          },
        },
      ],
    }),
  },
];
