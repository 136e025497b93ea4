import type { RunbookDefinition, RunbookId } from '@gsv/plugin-gsv-ops-common';

/** The object a quick action operates on, as the runbook form expects it. */
export interface RunbookTarget {
  /** The Kubernetes cluster, by its configured name. */
  cluster: string;
  environment: string;
  namespace?: string;
  name: string;
  /** Further runbook parameters to prefill, e.g. the current `replicas` for a scale. */
  parameters?: Record<string, unknown>;
}

/** Which parameter of each runbook names the target object (see `runbookParameterSchemas` in gsv-ops-common). */
export const RUNBOOK_TARGET_PARAMETER: Record<RunbookId, string | undefined> = {
  'deployment-restart': 'deployment',
  'deployment-scale': 'deployment',
  'deployment-rollback': 'deployment',
  'deployment-set-resources': 'deployment',
  'database-backup': 'cluster',
  'database-switchover': 'cluster',
  'database-scale': 'cluster',
  'database-restore': 'sourceCluster',
  'certificate-renew': 'certificate',
  'secret-rotate': 'externalSecret',
  'application-sync': 'application',
  'workload-cleanup': undefined,
};

/**
 * The form data a runbook template opens with. It has the shape of the runbook action's input, so a template can
 * pass it through: `{ entityRef, cluster, parameters: { namespace, <target>: name, ...prefilled } }`, where
 * `cluster` is the Kubernetes cluster and the parameters follow the runbook's schema in gsv-ops-common.
 */
export function runbookFormData(
  runbook: RunbookId,
  entityRef: string,
  target: RunbookTarget,
): { entityRef: string; cluster: string; parameters: Record<string, unknown> } {
  const parameters: Record<string, unknown> = {};
  if (target.namespace) parameters.namespace = target.namespace;
  const key = RUNBOOK_TARGET_PARAMETER[runbook];
  if (key) parameters[key] = target.name;
  Object.assign(parameters, target.parameters);
  return { entityRef, cluster: target.cluster, parameters };
}

/** Appends the prefilled form data the scaffolder reads from `?formData=<json>`. */
export function withFormData(templatePath: string, formData: Record<string, unknown>): string {
  const separator = templatePath.includes('?') ? '&' : '?';
  return `${templatePath}${separator}formData=${encodeURIComponent(JSON.stringify(formData))}`;
}

/** The runbook templates live in the `default` namespace of the catalog. */
export const RUNBOOK_TEMPLATE_NAMESPACE = 'default';

/** The path of a runbook's template when the app did not bind the create-from-template route. */
export function fallbackTemplatePath(runbook: Pick<RunbookDefinition, 'templateName'>): string {
  return `/create/templates/${RUNBOOK_TEMPLATE_NAMESPACE}/${encodeURIComponent(runbook.templateName)}`;
}
