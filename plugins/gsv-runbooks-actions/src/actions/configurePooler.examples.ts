import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'The ops guide’s pool tuning: transaction mode, 20 server connections per pool, 100 clients',
    example: yaml.stringify({
      steps: [
        {
          id: 'configure-pooler',
          action: 'gsv:pooler:configure',
          name: 'Tune the PgBouncer pool of cmp-postgres',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              pooler: 'cmp-postgres-pooler-rw',
              poolMode: 'transaction',
              defaultPoolSize: 20,
              maxClientConn: 100,
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Add a third PgBouncer instance',
    example: yaml.stringify({
      steps: [
        {
          id: 'configure-pooler',
          action: 'gsv:pooler:configure',
          name: 'Run three PgBouncer pods',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              namespace: 'cmp',
              pooler: 'cmp-postgres-pooler-rw',
              instances: 3,
            },
          },
        },
      ],
    }),
  },
];
