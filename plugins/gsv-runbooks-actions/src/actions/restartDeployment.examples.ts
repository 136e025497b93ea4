import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Restart the agent registry in the dev cluster and wait for the rollout (default timeout 300 s)',
    example: yaml.stringify({
      steps: [
        {
          id: 'restart',
          action: 'gsv:deployment:restart',
          name: 'Restart agent-registry',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: { namespace: 'cmp', deployment: 'agent-registry' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Restart the workers outside the maintenance window under a P1 incident, with a longer wait, after the dry run the person reviewed (in a template: `${{ parameters.review.operationId }}`)',
    example: yaml.stringify({
      steps: [
        {
          id: 'restart',
          action: 'gsv:deployment:restart',
          name: 'Restart agent-registry-worker',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              deployment: 'agent-registry-worker',
              timeoutSeconds: 600,
            },
            incident: { id: 'INC-4711', severity: 'P1' },
            reviewedDryRunId: '5b0e7f0a-7c1d-4c52-9a4e-2f6d3c1b8e90',
          },
        },
      ],
    }),
  },
];
