import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Back up the CMP database now, with the method of its scheduled backup',
    example: yaml.stringify({
      steps: [
        {
          id: 'backup-database',
          action: 'gsv:database:backup',
          name: 'Back up the CMP database now, with the method of its scheduled backup',
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
    description:
      'Back up from a standby with the Barman object store, waiting up to an hour',
    example: yaml.stringify({
      steps: [
        {
          id: 'backup-database',
          action: 'gsv:database:backup',
          name: 'Back up from a standby with the Barman object store, waiting up to an hour',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              cluster: 'cmp-postgres',
              method: 'barmanObjectStore',
              target: 'prefer-standby',
              timeoutSeconds: 3600,
            },
          },
        },
      ],
    }),
  },
];
