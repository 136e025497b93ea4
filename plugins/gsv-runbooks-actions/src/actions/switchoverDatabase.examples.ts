import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Switch the CMP database over to a healthy replica chosen by the engine',
    example: yaml.stringify({
      steps: [
        {
          id: 'switchover-database',
          action: 'gsv:database:switchover',
          name: 'Switch the CMP database over to a healthy replica chosen by the engine',
          input: {
            entityRef: 'resource:default/cmp-postgres',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              cluster: 'cmp-postgres',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Promote instance cmp-postgres-2',
    example: yaml.stringify({
      steps: [
        {
          id: 'switchover-database',
          action: 'gsv:database:switchover',
          name: 'Promote instance cmp-postgres-2',
          input: {
            entityRef: 'resource:default/cmp-postgres',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              cluster: 'cmp-postgres',
              targetInstance: 'cmp-postgres-2',
            },
          },
        },
      ],
    }),
  },
];
