import type { OpenApiSchema } from '../types';
import { array, integer, map, object, resource, string } from './schemaBuilders';

/**
 * prometheus-operator's PrometheusRule (monitoring.coreos.com/v1), derived from its API reference
 * (pkg/apis/monitoring/v1/prometheusrule_types.go): no npm package this machine can reach carries the CRD. Durations
 * (`interval`, `for`, `keep_firing_for`) carry a `pattern` in the real CRD; the emulator's schema checker has no
 * patterns, so the resource's `validate` checks them (resources/monitoringResources.ts).
 */

const duration = (description: string): OpenApiSchema => string(description);

const rule = object(
  {
    record: string('Name of the time series to output to. Must be a valid metric name. Only one of `record` and `alert` must be set.'),
    alert: string('Name of the alert. Must be a valid label value. Only one of `record` and `alert` must be set.'),
    expr: { 'x-kubernetes-int-or-string': true, description: 'PromQL expression to evaluate.' },
    for: duration('Alerts are considered firing once they have been returned for this long.'),
    keep_firing_for: duration('KeepFiringFor defines how long an alert will continue firing after the condition that triggered it has cleared.'),
    labels: map(string(), 'Labels to add or overwrite.'),
    annotations: map(string(), 'Annotations to add to each alert. Only valid for alerting rules.'),
  },
  { required: ['expr'], description: 'Rule describes an alerting or recording rule' },
);

const ruleGroup = object(
  {
    name: string('Name of the rule group.'),
    interval: duration('Interval determines how often rules in the group are evaluated.'),
    query_offset: duration('Defines the offset the rule evaluation timestamp of this particular group by the specified duration into the past.'),
    limit: integer('Limit the number of alerts an alerting rule and series a recording rule can produce.'),
    partial_response_strategy: string('PartialResponseStrategy is only used by ThanosRuler and will be ignored by Prometheus instances.'),
    labels: map(string(), 'Labels to add or overwrite before storing the result for its rules.'),
    rules: array(rule, 'List of alerting and recording rules.'),
  },
  { required: ['name'], description: 'RuleGroup is a list of sequentially evaluated recording and alerting rules.' },
);

export const prometheusOperatorSchemas: Record<string, OpenApiSchema> = {
  'v1/PrometheusRule': resource(
    'The `PrometheusRule` custom resource definition (CRD) defines alerting and recording rules to be evaluated by `Prometheus` or `ThanosRuler` objects.',
    object({ groups: array(ruleGroup, 'Content of Prometheus rule file') }, { description: 'Specification of desired alerting rule definitions for Prometheus.' }),
  ),
};
