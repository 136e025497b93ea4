import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (name: string, parameters: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'maintain-database',
        action: 'gsv:database:maintain',
        name,
        input: {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            cluster: 'cmp-postgres',
            ...parameters,
          },
        },
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'Report dead tuples, their share and the last autovacuum per table of cmp-postgres (changes nothing)',
    example: step('Bloat report', { operation: 'bloat-report' }),
  },
  {
    description:
      'Run VACUUM (ANALYZE) on one table of cmp-postgres, giving the Job up to an hour',
    example: step('Vacuum the webhook deliveries', {
      operation: 'vacuum-analyze',
      table: 'public.agents_webhookdelivery',
      timeoutSeconds: 3600,
    }),
  },
];
