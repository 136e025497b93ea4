import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Fail the task unless the agent registry is healthy in every cluster',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-health',
          action: 'gsv:service:check-health',
          name: 'Check the agent registry',
          input: { entityRef: 'component:default/agent-registry' },
        },
      ],
    }),
  },
  {
    description:
      'Only report the health of the dev cluster, for a later step to decide',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-health',
          action: 'gsv:service:check-health',
          name: 'Report the agent registry in gsv-dev',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            failWhenUnhealthy: false,
          },
        },
      ],
    }),
  },
];
