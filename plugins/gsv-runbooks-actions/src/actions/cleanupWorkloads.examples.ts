import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Clean up the agent registry namespace with the defaults (Jobs older than 24 h, keep 3 ReplicaSets, at most 50 deletions)',
    example: yaml.stringify({
      steps: [
        {
          id: 'cleanup-workloads',
          action: 'gsv:workload:cleanup',
          name: 'Clean up the agent registry namespace with the defaults (Jobs older than 24 h, keep 3 ReplicaSets, at most 50 deletions)',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'A cautious clean-up: Jobs older than a week, keep 10 ReplicaSets, at most 10 deletions',
    example: yaml.stringify({
      steps: [
        {
          id: 'cleanup-workloads',
          action: 'gsv:workload:cleanup',
          name: 'A cautious clean-up: Jobs older than a week, keep 10 ReplicaSets, at most 10 deletions',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              completedJobsOlderThanHours: 168,
              keepReplicaSets: 10,
              maxDeletions: 10,
            },
          },
        },
      ],
    }),
  },
];
