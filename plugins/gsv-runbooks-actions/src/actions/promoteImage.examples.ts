import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Promote the image running in dev to qa',
    example: yaml.stringify({
      steps: [
        {
          id: 'promote-image',
          action: 'gsv:image:promote',
          name: 'Promote the image running in dev to qa',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: {
              application: 'agent-registry-qa',
              fromEnvironment: 'dev',
              toEnvironment: 'qa',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Promote a given tag from qa to prod, waiting up to 20 minutes for Synced and Healthy',
    example: yaml.stringify({
      steps: [
        {
          id: 'promote-image',
          action: 'gsv:image:promote',
          name: 'Promote v1.2.3 from qa to prod',
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-prod',
            parameters: {
              namespace: 'argocd',
              application: 'agent-registry',
              fromEnvironment: 'qa',
              toEnvironment: 'prod',
              tag: 'v1.2.3',
              timeoutSeconds: 1200,
            },
          },
        },
      ],
    }),
  },
];
