import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Give the agent-registry container more memory',
    example: yaml.stringify({
      steps: [
        {
          id: 'set-deployment-resources',
          action: 'gsv:deployment:set-resources',
          name: 'Give the agent-registry container more memory',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              deployment: 'agent-registry',
              container: 'agent-registry',
              requests: {
                memory: '768Mi',
              },
              limits: {
                memory: '1Gi',
              },
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Set CPU requests and limits of the workers',
    example: yaml.stringify({
      steps: [
        {
          id: 'set-deployment-resources',
          action: 'gsv:deployment:set-resources',
          name: 'Set CPU requests and limits of the workers',
          input: {
            entityRef: 'component:default/agent-registry-worker',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              deployment: 'agent-registry-worker',
              container: 'worker',
              requests: {
                cpu: '250m',
              },
              limits: {
                cpu: '1',
              },
            },
          },
        },
      ],
    }),
  },
];
