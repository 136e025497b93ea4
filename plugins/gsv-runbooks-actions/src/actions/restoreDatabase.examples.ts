import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Restore the CMP database as of 10:00 UTC into a new cluster',
    example: yaml.stringify({
      steps: [
        {
          id: 'restore-database',
          action: 'gsv:database:restore',
          name: 'Restore the CMP database as of 10:00 UTC into a new cluster',
          input: {
            entityRef: 'resource:default/cmp-postgres',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              sourceCluster: 'cmp-postgres',
              newClusterName: 'cmp-postgres-restore',
              targetTime: '2026-11-24T10:00:00Z',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Restore with two instances and a time in a local zone',
    example: yaml.stringify({
      steps: [
        {
          id: 'restore-database',
          action: 'gsv:database:restore',
          name: 'Restore with two instances and a time in a local zone',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              sourceCluster: 'cmp-postgres',
              newClusterName: 'cmp-postgres-pitr',
              targetTime: '2026-11-24T09:30:00+01:00',
              instances: 2,
              timeoutSeconds: 3600,
            },
          },
        },
      ],
    }),
  },
];
