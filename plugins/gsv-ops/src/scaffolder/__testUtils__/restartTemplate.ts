import type { OpsTargetList } from '@gsv/plugin-gsv-ops-common';

/**
 * The pages of a runbook template, as in plugins/gsv-runbooks-actions/templates/gsv-restart-deployment.yaml (the
 * template check keeps the templates in this shape).
 */
export const restartTemplatePages = [
  {
    title: 'Target',
    schema: {
      required: ['entityRef', 'target'],
      properties: {
        entityRef: { title: 'Service', type: 'string' },
        target: {
          title: 'Deployment',
          type: 'object',
          required: ['cluster', 'name'],
          properties: {
            cluster: { type: 'string' },
            environment: { type: 'string' },
            namespace: { type: 'string' },
            name: { type: 'string' },
          },
          'ui:field': 'GsvOpsTargetPicker',
          'ui:options': { kind: 'deployment', targetParameter: 'deployment' },
        },
      },
    },
  },
  {
    title: 'Parameters',
    schema: {
      properties: {
        parameters: {
          title: 'Restart deployment',
          type: 'object',
          properties: {
            timeoutSeconds: {
              title: 'Wait for the rollout (seconds)',
              type: 'integer',
              minimum: 30,
              maximum: 3600,
              default: 300,
            },
          },
        },
        outsideWindow: {
          title: 'This change is outside the maintenance window',
          type: 'boolean',
          default: false,
        },
      },
      dependencies: {
        outsideWindow: {
          oneOf: [
            { properties: { outsideWindow: { enum: [false] } } },
            {
              properties: {
                outsideWindow: { enum: [true] },
                incident: {
                  title: 'Incident',
                  type: 'object',
                  required: ['id', 'severity'],
                  properties: {
                    id: { title: 'Incident id', type: 'string', minLength: 3 },
                    severity: {
                      title: 'Severity',
                      type: 'string',
                      enum: ['P1', 'P2'],
                    },
                  },
                },
              },
              required: ['incident'],
            },
          ],
        },
      },
    },
  },
  {
    title: 'Dry run and confirmation',
    schema: {
      required: ['review', 'confirm'],
      properties: {
        review: {
          title: 'Dry run',
          type: 'object',
          required: ['operationId', 'fingerprint', 'acknowledged'],
          properties: {
            operationId: { type: 'string' },
            fingerprint: { type: 'string' },
            acknowledged: { type: 'boolean', enum: [true] },
          },
          'ui:field': 'GsvOpsDryRunReview',
          'ui:options': {
            runbook: 'deployment-restart',
            targetParameter: 'deployment',
            parameters: ['timeoutSeconds'],
          },
        },
        confirm: {
          title: 'Restart the deployment: its pods are replaced one by one',
          type: 'boolean',
          enum: [true],
        },
      },
    },
  },
];

/** What the picker endpoint lists for agent-registry's deployments: one per cluster. */
export const agentRegistryDeployments: OpsTargetList = {
  items: [
    {
      cluster: 'gsv-dev',
      environment: 'dev',
      kind: 'Deployment',
      namespace: 'cmp',
      name: 'agent-registry',
      description: '2/2 ready',
    },
    {
      cluster: 'gsv-prod',
      environment: 'prod',
      kind: 'Deployment',
      namespace: 'cmp',
      name: 'agent-registry',
      description: '3/3 ready',
    },
  ],
  errors: [],
};

/** The template as the scaffolder's API answers for it (`getTemplateParameterSchema`). */
export const restartTemplateParameterSchema = {
  title: 'Restart deployment',
  steps: restartTemplatePages,
};

/** The template's catalog entity, which the scaffolder's template page reads too. */
export const restartTemplateEntity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'gsv-restart-deployment', title: 'Restart deployment' },
  spec: { type: 'gsv-runbook', steps: [] },
};
