import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Keep at least 5 agent-registry replicas, up to 10',
    example: yaml.stringify({
      steps: [
        {
          id: 'scale-autoscaler',
          action: 'gsv:autoscaler:scale',
          name: 'Keep at least 5 agent-registry replicas',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              autoscaler: 'agent-registry',
              minReplicas: 5,
              maxReplicas: 10,
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Pause the autoscaler at 4 replicas during an incident (undo it later by setting the bounds again)',
    example: yaml.stringify({
      steps: [
        {
          id: 'scale-autoscaler',
          action: 'gsv:autoscaler:scale',
          name: 'Pause the agent-registry autoscaler at 4 replicas',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              autoscaler: 'agent-registry',
              pauseAt: 4,
            },
            incident: { id: 'INC-1234', severity: 'P2' },
          },
        },
      ],
    }),
  },
];
