import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (name: string, parameters: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'diagnose-service',
        action: 'gsv:service:diagnose',
        name,
        input: {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            ...parameters,
          },
        },
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'Check the database and the declared dependencies of agent-registry',
    example: step('Diagnose agent-registry', {}),
  },
  {
    description:
      'Run the checks with the worker container of a deployment, giving them up to five minutes',
    example: step('Diagnose from the worker container', {
      container: 'agent-registry',
      timeoutSeconds: 300,
    }),
  },
];
