import type { KubeObject } from '../api/types';
import { parsePromQL, type Expr } from './promql';
import { parseDuration } from './promql/lexer';

/** A rule as Prometheus loaded it from a rule file. */
export interface LoadedRule {
  type: 'alerting' | 'recording';
  /** The alert name or the recorded metric name. */
  name: string;
  expr: string;
  compiled: Expr;
  forMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A rule group of a rule file, evaluated every `intervalMs`. */
export interface LoadedRuleGroup {
  file: string;
  name: string;
  intervalMs: number;
  rules: LoadedRule[];
}

/** Where prometheus-operator mounts the rule files it generates (one ConfigMap volume per shard). */
const RULE_FILES_DIR = '/etc/prometheus/rules/prometheus-k8s-rulefiles-0';

/**
 * The rule groups Prometheus evaluates for PrometheusRule objects, as prometheus-operator generates them: one rule
 * file per object, named `<namespace>-<name>-<uid>.yaml`, in the order of the objects. Every PrometheusRule is
 * selected (a Prometheus with `ruleSelector: {}` and `ruleNamespaceSelector: {}`). An object with an expression
 * that does not parse is skipped whole, as the operator does (it validates rules before writing a file).
 * `keep_firing_for` and `limit` are not modelled. The loader reloads only when an object changed.
 */
export function ruleGroupLoader(
  listObjects: () => KubeObject[],
  defaultIntervalMs: number,
  log?: (message: string) => void,
): () => LoadedRuleGroup[] {
  let loadedVersion: string | undefined;
  let loaded: LoadedRuleGroup[] = [];
  return () => {
    const objects = [...listObjects()].sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
    );
    const version = objects
      .map(o => `${o.metadata.uid}@${o.metadata.resourceVersion}`)
      .join(',');
    if (version === loadedVersion) return loaded;
    loadedVersion = version;
    loaded = objects.flatMap(object => {
      const file = `${RULE_FILES_DIR}/${object.metadata.namespace}-${object.metadata.name}-${object.metadata.uid}.yaml`;
      try {
        return loadGroups(object, file, defaultIntervalMs);
      } catch (error) {
        log?.(
          `PrometheusRule ${object.metadata.namespace}/${
            object.metadata.name
          } is invalid, skipped: ${(error as Error).message}`,
        );
        return [];
      }
    });
    return loaded;
  };
}

function loadGroups(
  object: KubeObject,
  file: string,
  defaultIntervalMs: number,
): LoadedRuleGroup[] {
  return (object.spec?.groups ?? []).map((group: any) => ({
    file,
    name: String(group.name),
    intervalMs: group.interval
      ? parseDuration(group.interval)
      : defaultIntervalMs,
    rules: (group.rules ?? []).map((rule: any): LoadedRule => {
      const expr = String(rule.expr);
      return {
        type: rule.alert ? 'alerting' : 'recording',
        name: String(rule.alert ?? rule.record),
        expr,
        compiled: parsePromQL(expr),
        forMs: rule.for ? parseDuration(rule.for) : 0,
        labels: { ...group.labels, ...rule.labels },
        annotations: { ...rule.annotations },
      };
    }),
  }));
}
