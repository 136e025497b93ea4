import type {
  ClusterStatus,
  RunbookDefinition,
} from '@gsv/plugin-gsv-ops-common';

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

/** A runbook's target: an object of the cluster a view shows, with runbook parameters to prefill if any. */
export function runbookTarget(
  view: { cluster: Pick<ClusterStatus, 'name' | 'environment'> },
  object: { namespace?: string; name: string },
  parameters?: Record<string, unknown>,
): RunbookTarget {
  return {
    cluster: view.cluster.name,
    environment: view.cluster.environment,
    namespace: object.namespace,
    name: object.name,
    ...(parameters ? { parameters } : {}),
  };
}

/** The form data a runbook template opens with (the templates' prefill contract, see gsv-runbooks-actions). */
export interface RunbookFormData {
  entityRef: string;
  /** The target as the templates' `GsvOpsTargetPicker` field holds it. */
  target: {
    cluster: string;
    environment: string;
    namespace?: string;
    name: string;
  };
  /** Further runbook parameters to prefill (the template's `parameters` object), e.g. `replicas`. */
  parameters?: Record<string, unknown>;
}

/**
 * The form data that opens a runbook template filled in for an entity's target:
 * `{ entityRef, target: { cluster, environment, namespace, name }, parameters? }`.
 */
export function runbookFormData(
  entityRef: string,
  target: RunbookTarget,
): RunbookFormData {
  const formData: RunbookFormData = {
    entityRef,
    target: {
      cluster: target.cluster,
      environment: target.environment,
      name: target.name,
    },
  };
  if (target.namespace) formData.target.namespace = target.namespace;
  if (target.parameters && Object.keys(target.parameters).length > 0)
    formData.parameters = { ...target.parameters };
  return formData;
}

/** Appends the prefilled form data the scaffolder reads from `?formData=<json>`. */
export function withFormData(templatePath: string, formData: object): string {
  const separator = templatePath.includes('?') ? '&' : '?';
  return `${templatePath}${separator}formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}

/** The runbook templates live in the `default` namespace of the catalog. */
export const RUNBOOK_TEMPLATE_NAMESPACE = 'default';

/** The path of a runbook's template when the app did not bind the create-from-template route. */
export function fallbackTemplatePath(
  runbook: Pick<RunbookDefinition, 'templateName'>,
): string {
  return `/create/templates/${RUNBOOK_TEMPLATE_NAMESPACE}/${encodeURIComponent(
    runbook.templateName,
  )}`;
}
