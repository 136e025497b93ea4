import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Zero-downtime deployments (ops guide 7.3): one extra pod at a time, never one fewer',
    example: yaml.stringify({
      steps: [
        {
          id: 'set-rollout-strategy',
          action: 'gsv:deployment:set-rollout-strategy',
          name: 'Zero-downtime rollouts for agent-registry',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              deployment: 'agent-registry',
              preset: 'zero-downtime',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Faster rollouts of the worker: a quarter more pods, one down at a time',
    example: yaml.stringify({
      steps: [
        {
          id: 'set-rollout-strategy',
          action: 'gsv:deployment:set-rollout-strategy',
          name: 'Faster worker rollouts',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              deployment: 'agent-registry-worker',
              maxSurge: '25%',
              maxUnavailable: '1',
            },
          },
        },
      ],
    }),
  },
];
