import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Run the CMP database with 3 instances',
    example: yaml.stringify({
      steps: [
        {
          id: 'scale-database',
          action: 'gsv:database:scale',
          name: 'Run the CMP database with 3 instances',
          input: {
            entityRef: 'resource:default/cmp-postgres',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              cluster: 'cmp-postgres',
              instances: 3,
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Add a fourth instance and wait up to 40 minutes',
    example: yaml.stringify({
      steps: [
        {
          id: 'scale-database',
          action: 'gsv:database:scale',
          name: 'Add a fourth instance and wait up to 40 minutes',
          input: {
            entityRef: 'resource:default/cmp-postgres',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              cluster: 'cmp-postgres',
              instances: 4,
              timeoutSeconds: 2400,
            },
          },
        },
      ],
    }),
  },
];
