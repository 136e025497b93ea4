import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (name: string, parameters: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'migrate-database',
        action: 'gsv:database:migrate',
        name,
        input: {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', deployment: 'agent-registry', ...parameters },
        },
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description: 'List the migrations of agent-registry that are not applied yet (showmigrations)',
    example: step('List unapplied migrations', { mode: 'plan' }),
  },
  {
    description: 'Apply the migrations of agent-registry, giving the Job up to 20 minutes',
    example: step('Apply the migrations', { mode: 'apply', timeoutSeconds: 1200 }),
  },
];
