import type { Entity } from '@backstage/catalog-model';

/**
 * The entity annotations GSV Ops reads. The three `backstage.io/kubernetes-*` annotations are the official
 * Kubernetes plugin's, read the same way, so an entity is annotated once for both plugins.
 *
 * @public
 */
export const GSV_OPS_ANNOTATIONS = {
  /** Objects labelled `backstage.io/kubernetes-id=<value>` belong to the entity. */
  kubernetesId: 'backstage.io/kubernetes-id',
  /** A label selector that picks the entity's objects (takes precedence over kubernetes-id). */
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
  /** Restricts the entity's objects to one namespace. */
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  /**
   * The HTTP dependencies the service-diagnostics runbook checks from the service's namespace: comma-separated
   * `<name>=<http(s) URL>`, e.g. `qdrant=http://qdrant.cmp.svc:6333/healthz, llm=http://llm-gateway.cmp.svc/healthz`.
   */
  dependencies: 'gsv.io/dependencies',
  /** The CloudNativePG cluster of the entity: `<namespace>/<name>` (or `<name>` in the entity's namespace). */
  cnpgCluster: 'gsv.io/cnpg-cluster',
  /** The Argo CD Application of the entity (the annotation of the Roadie and community Argo CD plugins). */
  argocdAppName: 'argocd/app-name',
  /** Namespace of the Argo CD Application; defaults to `argocd`. */
  argocdAppNamespace: 'argocd/app-namespace',
  /** Comma-separated cert-manager Certificates, each `<namespace>/<name>` (or `<name>`). */
  certificates: 'gsv.io/certificates',
  /** Comma-separated ExternalSecrets, each `<namespace>/<name>` (or `<name>`). */
  externalSecrets: 'gsv.io/external-secrets',
  /** The Prometheus `job` label of the service's metrics. */
  prometheusJob: 'gsv.io/prometheus-job',
  /** Optional JSON object overriding metric thresholds for this entity, e.g. `{"p99Latency":{"warning":2,"critical":5}}` (metric ids of `MetricId`). */
  metricThresholds: 'gsv.io/metric-thresholds',
  /** Optional deployment that runs the service's background workers (target of "scale workers"). */
  workerDeployment: 'gsv.io/worker-deployment',
  /** The Celery queue the service's workers consume (default `celery` when it has workers). */
  celeryQueue: 'gsv.io/celery-queue',
  /**
   * Optional JSON list of the service's own dashboards, added to `gsvOps.dashboards`: `[{"title":"…","url":"…"}]`;
   * urls may use the `{namespace}`, `{service}`, `{cluster}` placeholders.
   */
  dashboards: 'gsv.io/dashboards',
} as const;

/** The annotation a person adds to turn the Ops tab on for an entity. @public */
export const GSV_OPS_REQUIRED_ANNOTATIONS = [
  GSV_OPS_ANNOTATIONS.kubernetesId,
  GSV_OPS_ANNOTATIONS.kubernetesLabelSelector,
] as const;

/** A reference to a namespaced object from an annotation value. @public */
export interface NamespacedName {
  namespace?: string;
  name: string;
}

/**
 * Parses `ns/name` or `name` items of a comma-separated annotation value. Empty items are ignored.
 *
 * @public
 */
export function parseNamespacedNames(
  value: string | undefined,
): NamespacedName[] {
  if (!value) {
    return [];
  }
  return value
    .split(',')
    .map(item => item.trim())
    .filter(item => item.length > 0)
    .map(item => {
      const slash = item.indexOf('/');
      return slash < 0
        ? { name: item }
        : { namespace: item.slice(0, slash), name: item.slice(slash + 1) };
    });
}

/**
 * Whether the entity carries enough annotations for GSV Ops to find its objects.
 *
 * @public
 */
export function isGsvOpsEnabled(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    Boolean(annotations[GSV_OPS_ANNOTATIONS.kubernetesId]) ||
    Boolean(annotations[GSV_OPS_ANNOTATIONS.kubernetesLabelSelector]) ||
    Boolean(annotations[GSV_OPS_ANNOTATIONS.cnpgCluster])
  );
}
