import type { FieldCause } from '../api/errors';
import type { KubeObject } from '../api/types';
import { crdAgeColumn, forbiddenField, invalidValue, nameColumn, required, validateObjectMeta } from './common';
import type { ResourceDefinition } from './types';

/**
 * prometheus-operator's PrometheusRule (monitoring.coreos.com/v1): alerting and recording rules, which the embedded
 * Prometheus loads and evaluates (prometheus/ruleGroups.ts), as the operator and Prometheus do together. Validation
 * is the CRD's (durations' `pattern`, required `name`/`expr`, group names unique as a map-list keyed by name) plus
 * the operator's "exactly one of record or alert".
 */

/** The CRD's pattern for durations (`0`, `5m`, `1h30m`, `500ms`). */
const DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

function checkDuration(value: unknown, field: string): FieldCause[] {
  if (value === undefined) return [];
  return typeof value === 'string' && value !== '' && DURATION.test(value)
    ? []
    : [invalidValue(field, value, `${field} in body should match '${DURATION.source}'`)];
}

function validateRule(rule: Record<string, unknown>, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (rule.expr === undefined || rule.expr === '') causes.push(required(`${field}.expr`));
  if (Boolean(rule.record) === Boolean(rule.alert)) {
    causes.push(invalidValue(field, rule.alert ?? rule.record ?? '', 'only one of "record" and "alert" must be set'));
  }
  if (rule.record && rule.annotations) causes.push(forbiddenField(`${field}.annotations`, 'annotations are only valid for alerting rules'));
  if (rule.record && rule.for) causes.push(forbiddenField(`${field}.for`, '"for" is only valid for alerting rules'));
  causes.push(...checkDuration(rule.for, `${field}.for`), ...checkDuration(rule.keep_firing_for, `${field}.keep_firing_for`));
  return causes;
}

function validatePrometheusRule(object: KubeObject): FieldCause[] {
  const causes = validateObjectMeta(object);
  const groups: Array<Record<string, any>> = object.spec?.groups ?? [];
  const names = new Set<string>();
  groups.forEach((group, i) => {
    const field = `spec.groups[${i}]`;
    if (!group.name) causes.push(required(`${field}.name`));
    else if (names.has(group.name)) causes.push({ reason: 'FieldValueDuplicate', field: `${field}.name`, message: `Duplicate value: "${group.name}"` });
    names.add(group.name);
    causes.push(...checkDuration(group.interval, `${field}.interval`), ...checkDuration(group.query_offset, `${field}.query_offset`));
    (group.rules ?? []).forEach((rule: Record<string, unknown>, j: number) => causes.push(...validateRule(rule, `${field}.rules[${j}]`)));
  });
  return causes;
}

export const monitoringResources: ResourceDefinition[] = [
  {
    group: 'monitoring.coreos.com',
    version: 'v1',
    resource: 'prometheusrules',
    kind: 'PrometheusRule',
    singular: 'prometheusrule',
    namespaced: true,
    shortNames: ['promrule'],
    categories: ['prometheus-operator'],
    custom: true,
    columns: [nameColumn, crdAgeColumn],
    validate: validatePrometheusRule,
  },
];
