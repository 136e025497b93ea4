import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Fail the task unless the CMP database can be restored to 5 minutes ago',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-restorable',
          action: 'gsv:database:check-restorable',
          name: 'Can the CMP database be restored to 5 minutes ago?',
          input: { entityRef: 'resource:default/cmp-postgres' },
        },
      ],
    }),
  },
  {
    description:
      'Check the point in time the form asks for, in one cluster and database',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-restorable',
          action: 'gsv:database:check-restorable',
          name: 'Can the CMP database be restored to 10:00 UTC?',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            namespace: 'cmp',
            database: 'cmp-postgres',
            targetTime: '2026-11-24T10:00:00Z',
          },
        },
      ],
    }),
  },
];
