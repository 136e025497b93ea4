import type { IncidentOverride, StartOperationRequest } from './operations';
import type { RunbookId, RunbookTargetKind } from './runbooks';
import type { Environment } from './types';

/**
 * The form of every GSV runbook template, and the prefill contract of the Ops tab's quick actions
 * (`/create/templates/default/<templateName>?formData=<json>`):
 *
 * ```json
 * {
 *   "entityRef": "component:default/agent-registry",
 *   "target": { "cluster": "gsv-dev", "environment": "dev", "namespace": "cmp", "name": "agent-registry" },
 *   "parameters": { "replicas": 3 }
 * }
 * ```
 *
 * `target` is the object the runbook operates on, in the Kubernetes cluster it lives in; `parameters` holds the
 * runbook's other parameters (see `runbookParameterSchemas` in gsv-ops-common). `outsideWindow` + `incident`,
 * `review` and `confirm` are filled in by the person.
 *
 * @public
 */
export interface RunbookFormData {
  entityRef?: string;
  target?: RunbookTargetValue;
  parameters?: Record<string, unknown>;
  outsideWindow?: boolean;
  incident?: Partial<IncidentOverride>;
  review?: DryRunReviewValue;
  confirm?: boolean;
}

/**
 * The value of the target picker.
 *
 * @public
 */
export interface RunbookTargetValue {
  /** The Kubernetes cluster, by its configured name. */
  cluster: string;
  environment?: Environment;
  namespace?: string;
  name: string;
}

/**
 * `ui:options` of the target picker.
 *
 * @public
 */
export type TargetPickerUiOptions = {
  /** Which of the entity's objects to list (the picker endpoint's `kind`). */
  kind: RunbookTargetKind;
  /**
   * The runbook parameter the target's name goes to (e.g. `deployment`). Lets the picker take over a prefill in the
   * action-input shape `{ cluster, parameters: { namespace, <targetParameter>: name } }`.
   */
  targetParameter?: string;
};

/**
 * `ui:options` of the dry-run review.
 *
 * @public
 */
export type DryRunReviewUiOptions = {
  runbook: RunbookId;
  /** The runbook parameter that takes the target's name, e.g. `deployment`, `cluster`, `certificate`. */
  targetParameter: string;
  /** The keys of the form's `parameters` object that are passed to the runbook, e.g. `[replicas, timeoutSeconds]`. */
  parameters?: string[];
};

/**
 * The value of the dry-run review: which dry run the person reviewed, for which request.
 *
 * @public
 */
export interface DryRunReviewValue {
  operationId: string;
  /** `requestFingerprint` of the request the dry run was made for. */
  fingerprint: string;
  acknowledged: boolean;
}

/** @public */
export type RunbookRequest = Omit<StartOperationRequest, 'dryRun' | 'origin'>;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * The operations request a runbook template sends for the form's values: what the review field dry-runs, and what
 * the template's step passes to the action. Returns the missing fields when the form is not complete yet.
 *
 * @public
 */
export function buildRunbookRequest(
  options: DryRunReviewUiOptions | undefined,
  form: RunbookFormData | undefined,
):
  | { request: RunbookRequest; missing?: undefined }
  | { request?: undefined; missing: string[] } {
  const missing: string[] = [];
  if (!options?.runbook || !options.targetParameter) {
    return { missing: ['the field’s ui:options (runbook, targetParameter)'] };
  }
  if (isBlank(form?.entityRef)) missing.push('the entity');
  if (isBlank(form?.target?.cluster) || isBlank(form?.target?.name))
    missing.push('the target');
  if (
    form?.outsideWindow &&
    (isBlank(form.incident?.id) || isBlank(form.incident?.severity))
  ) {
    missing.push('the incident id and severity');
  }
  if (missing.length || !form?.target) {
    return { missing };
  }
  const parameters: Record<string, unknown> = {};
  for (const key of options.parameters ?? []) {
    const value = form.parameters?.[key];
    if (!isBlank(value)) {
      parameters[key] = value;
    }
  }
  if (!isBlank(form.target.namespace)) {
    parameters.namespace = form.target.namespace;
  }
  parameters[options.targetParameter] = form.target.name;
  return {
    request: {
      runbook: options.runbook,
      entityRef: String(form.entityRef),
      cluster: form.target.cluster,
      parameters,
      ...(form.outsideWindow && form.incident
        ? {
            incident: {
              id: String(form.incident.id),
              severity: form.incident.severity as IncidentOverride['severity'],
            },
          }
        : {}),
    },
  };
}

/** JSON with sorted keys and without undefined values, so equal requests give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, inner]) => inner !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * A short, stable digest of a request (FNV-1a, 2 × 32 bit), to notice that the form changed after its dry run.
 *
 * @public
 */
export function requestFingerprint(request: RunbookRequest): string {
  const text = canonicalJson(request);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2
    .toString(16)
    .padStart(8, '0')}`;
}

/**
 * Why a review value does not allow submitting the form, or undefined when it does.
 *
 * @public
 */
export function reviewProblem(
  value: Partial<DryRunReviewValue> | undefined,
  options: DryRunReviewUiOptions | undefined,
  form: RunbookFormData | undefined,
): string | undefined {
  if (!value?.operationId || value.acknowledged !== true) {
    return 'Run the dry run and confirm that you reviewed its plan';
  }
  const built = buildRunbookRequest(options, form);
  if (!built.request) {
    return `Fill in ${built.missing.join(', ')} first`;
  }
  if (requestFingerprint(built.request) !== value.fingerprint) {
    return 'The form changed after the dry run: run the dry run again and review the new plan';
  }
  return undefined;
}

/**
 * The form data that opens a runbook template prefilled for a target (for links such as the Ops tab's quick
 * actions): `/create/templates/default/<templateName>?formData=${encodeURIComponent(JSON.stringify(...))}`.
 *
 * @public
 */
export function runbookTemplateFormData(
  entityRef: string,
  target: RunbookTargetValue,
  parameters?: Record<string, unknown>,
): RunbookFormData {
  return {
    entityRef,
    target,
    ...(parameters && Object.keys(parameters).length ? { parameters } : {}),
  };
}
