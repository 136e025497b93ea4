import type { FieldCause } from '../api/errors';
import { age } from '../api/format';
import type { KubeObject } from '../api/types';
import { isValidLabelKey, isValidLabelValue, LabelSelector } from '../store/selectors';
import type { TableColumn } from './types';

/** Shared building blocks of the resource definitions: columns, defaulting and validation helpers. */

export const nameColumn: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: object => object.metadata.name ?? '',
};

export const ageColumn: TableColumn = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (object, now) => age(object.metadata.creationTimestamp, now),
};

/** A CRD's implicit Age column: kubectl turns `date` cells into ages itself. */
export const crdAgeColumn: TableColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  cell: object => object.metadata.creationTimestamp ?? null,
};

export function column(
  name: string,
  cell: TableColumn['cell'],
  options: { type?: TableColumn['type']; priority?: number; description?: string } = {},
): TableColumn {
  return { name, type: options.type ?? 'string', priority: options.priority ?? 0, description: options.description ?? '', cell };
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
  [field: string]: unknown;
}

export function findCondition(object: KubeObject | undefined, type: string): Condition | undefined {
  const conditions = object?.status?.conditions;
  return Array.isArray(conditions) ? (conditions as Condition[]).find(condition => condition.type === type) : undefined;
}

export function containerImages(template: KubeObject['spec']): string {
  const containers: Array<{ image?: string }> = template?.spec?.containers ?? [];
  return containers.map(container => container.image ?? '').join(',');
}

export function containerNames(template: KubeObject['spec']): string {
  const containers: Array<{ name?: string }> = template?.spec?.containers ?? [];
  return containers.map(container => container.name ?? '').join(',');
}

export function selectorString(selector: unknown): string {
  try {
    const parsed = LabelSelector.fromObject(selector as never);
    return parsed.isEverything ? '<none>' : parsed.toString();
  } catch {
    return '<invalid>';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// validation

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function required(field: string): FieldCause {
  return { reason: 'FieldValueRequired', field, message: 'Required value' };
}

export function invalidValue(field: string, value: unknown, why: string): FieldCause {
  const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${shown}: ${why}` };
}

export function notSupported(field: string, value: unknown, supported: string[]): FieldCause {
  return {
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: "${String(value)}": supported values: ${supported.map(v => `"${v}"`).join(', ')}`,
  };
}

export function forbiddenField(field: string, message: string): FieldCause {
  return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${message}` };
}

/** Validates name, labels and annotations, as every resource does. */
export function validateObjectMeta(object: KubeObject, options: { label?: boolean; pathSegment?: boolean } = {}): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = object.metadata.name;
  if (!name) {
    causes.push(required('metadata.name'));
  } else if (options.pathSegment) {
    if (name === '.' || name === '..' || /[/%]/.test(name)) {
      causes.push(invalidValue('metadata.name', name, 'may not be \'.\' or \'..\' and may not contain \'/\' or \'%\''));
    }
  } else if (options.label ? !isDns1123Label(name) : !isDns1123Subdomain(name)) {
    causes.push(
      invalidValue(
        'metadata.name',
        name,
        options.label
          ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
          : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      ),
    );
  }
  for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
    if (!isValidLabelKey(key)) {
      causes.push(invalidValue('metadata.labels', key, 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\''));
    }
    if (typeof value !== 'string' || !isValidLabelValue(value)) {
      causes.push(
        invalidValue(
          'metadata.labels',
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    }
  }
  for (const [key, value] of Object.entries(object.metadata.annotations ?? {})) {
    if (typeof value !== 'string') {
      causes.push(invalidValue(`metadata.annotations[${key}]`, value, 'annotation values must be strings'));
    }
  }
  return causes;
}

/** Validates a pod spec (also inside templates). */
export function validatePodSpec(spec: KubeObject['spec'], field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const containers: Array<Record<string, unknown>> | undefined = spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(required(`${field}.containers`));
    return causes;
  }
  const seen = new Set<string>();
  containers.forEach((container, index) => {
    const at = `${field}.containers[${index}]`;
    const name = container.name;
    if (typeof name !== 'string' || !name) causes.push(required(`${at}.name`));
    else if (!isDns1123Label(name)) causes.push(invalidValue(`${at}.name`, name, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\''));
    else if (seen.has(name)) causes.push({ reason: 'FieldValueDuplicate', field: `${at}.name`, message: `Duplicate value: "${name}"` });
    if (typeof name === 'string') seen.add(name);
    if (typeof container.image !== 'string' || !container.image.trim()) causes.push(required(`${at}.image`));
  });
  const restartPolicy = spec?.restartPolicy;
  if (restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(restartPolicy)) {
    causes.push(notSupported(`${field}.restartPolicy`, restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  return causes;
}

/** Validates `spec.selector` + `spec.template` of a workload: the selector must match the template's labels. */
export function validateWorkloadTemplate(spec: KubeObject['spec'], options: { selectorRequired: boolean }): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!spec) return [required('spec')];
  const selector = spec.selector;
  if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
    if (options.selectorRequired) causes.push(required('spec.selector'));
  } else {
    try {
      const parsed = LabelSelector.fromObject(selector);
      if (!parsed.matches(spec.template?.metadata?.labels ?? {})) {
        causes.push(
          invalidValue(
            'spec.template.metadata.labels',
            spec.template?.metadata?.labels ?? {},
            '`selector` does not match template `labels`',
          ),
        );
      }
    } catch {
      causes.push(invalidValue('spec.selector', selector, 'invalid label selector'));
    }
  }
  if (!spec.template) causes.push(required('spec.template'));
  else causes.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
  return causes;
}

export function validateNonNegative(value: unknown, field: string): FieldCause[] {
  if (value === undefined) return [];
  if (typeof value !== 'number' || !Number.isInteger(value)) return [invalidValue(field, value, 'must be an integer')];
  if (value < 0) return [invalidValue(field, value, 'must be greater than or equal to 0')];
  return [];
}

// ---------------------------------------------------------------------------------------------------------------
// defaulting

/** The defaults the API server fills into a pod spec (templates included). */
export function defaultPodSpec(spec: Record<string, unknown> | undefined, options: { isPod: boolean }): void {
  if (!spec) return;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  if (options.isPod) {
    spec.serviceAccountName ??= 'default';
    spec.serviceAccount ??= spec.serviceAccountName;
    spec.enableServiceLinks ??= true;
    spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
    spec.tolerations ??= [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ];
  }
  for (const list of ['containers', 'initContainers'] as const) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers as Array<Record<string, unknown>>) {
      const image = typeof container.image === 'string' ? container.image : '';
      const tag = image.includes('@') ? 'digest' : image.split('/').pop()?.split(':')[1];
      container.imagePullPolicy ??= !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
      container.terminationMessagePath ??= '/dev/termination-log';
      container.terminationMessagePolicy ??= 'File';
      container.resources ??= {};
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
        const value = container[probe] as Record<string, unknown> | undefined;
        if (!value) continue;
        value.timeoutSeconds ??= 1;
        value.periodSeconds ??= 10;
        value.successThreshold ??= 1;
        value.failureThreshold ??= 3;
        if (value.httpGet) (value.httpGet as Record<string, unknown>).scheme ??= 'HTTP';
      }
      if (Array.isArray(container.ports)) {
        for (const port of container.ports as Array<Record<string, unknown>>) port.protocol ??= 'TCP';
      }
    }
  }
}

/** Fills the defaults of a workload's pod template. */
export function defaultTemplate(spec: KubeObject['spec']): void {
  if (spec?.template) {
    spec.template.metadata ??= {};
    defaultPodSpec(spec.template.spec, { isPod: false });
  }
}
