import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Scale the agent-registry workers to 4 replicas',
    example: yaml.stringify({
      steps: [
        {
          id: 'scale-deployment',
          action: 'gsv:deployment:scale',
          name: 'Scale the agent-registry workers to 4 replicas',
          input: {
            entityRef: 'component:default/agent-registry-worker',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              deployment: 'agent-registry-worker',
              replicas: 4,
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Scale the agent registry down to 0 replicas during an incident, waiting up to 10 minutes',
    example: yaml.stringify({
      steps: [
        {
          id: 'scale-deployment',
          action: 'gsv:deployment:scale',
          name: 'Scale the agent registry down to 0 replicas during an incident, waiting up to 10 minutes',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              deployment: 'agent-registry',
              replicas: 0,
              timeoutSeconds: 600,
            },
            incident: {
              id: 'INC-2041',
              severity: 'P2',
            },
          },
        },
      ],
    }),
  },
];
