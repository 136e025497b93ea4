import type { ClusterError } from './types';

/** A trivy-operator severity. @public */
export type VulnerabilitySeverity =
  | 'CRITICAL'
  | 'HIGH'
  | 'MEDIUM'
  | 'LOW'
  | 'UNKNOWN';

/** Vulnerabilities by severity (a VulnerabilityReport's `report.summary`). @public */
export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

/** The newest VulnerabilityReport of one image. @public */
export interface ImageScanReport {
  /** The VulnerabilityReport's name. */
  name: string;
  /** What trivy scanned: `registry/repository:tag` (and `@digest` when known). */
  artifact: string;
  scanner?: string;
  /** `report.updateTimestamp`. */
  updatedAt?: string;
  /** Older than `staleAfterDays`: the image may have new CVEs the report does not show. */
  stale: boolean;
  counts: SeverityCounts;
}

/** One image a workload of the service runs, with its scan (none: "no scan yet"). @public */
export interface ImageScan {
  image: string;
  namespace: string;
  /** `Deployment/agent-registry`, `Pod/cmp-postgres-1`, … */
  workloads: string[];
  report?: ImageScanReport;
}

/** One CVE found in the service's images. @public */
export interface CveView {
  id: string;
  severity: VulnerabilitySeverity;
  /** The affected package (`report.vulnerabilities[].resource`). */
  package: string;
  installedVersion: string;
  /** Absent when no fixed version exists. */
  fixedVersion?: string;
  title?: string;
  score?: number;
  link?: string;
  /** The images it was found in. */
  images: string[];
}

/** @public */
export interface SecurityVulnerabilities {
  images: ImageScan[];
  /** Over the scanned images, each image counted once. */
  totals: SeverityCounts;
  /** The most severe CVEs first (CVSS score breaks ties), at most `gsvOps.security.topCves`. */
  topCves: CveView[];
  staleAfterDays: number;
}

/** Failed logins per hour from Prometheus (Keycloak's `keycloak_failed_login_attempts`). @public */
export interface FailedLoginsView {
  /**
   * `ok`: the service exports the metric; `no-metric`: it does not (not an error: most services have no logins);
   * `no-prometheus`: the cluster has no Prometheus configured; `error`: Prometheus failed (see `message`).
   */
  status: 'ok' | 'no-metric' | 'no-prometheus' | 'error';
  metric: string;
  message?: string;
  /** The last 24 hours, oldest first; `count` is absent for an hour without samples. */
  hourly: Array<{ start: string; count?: number }>;
  /** Over the last 24 hours. */
  total: number;
  /** By the metric's `error` label over the last 24 hours, most frequent first. */
  topErrors: Array<{ error: string; count: number }>;
}

/** Why a grant deserves a second look. @public */
export type RbacRisk =
  | 'cluster-admin'
  | 'wildcard-verbs'
  | 'wildcard-resources'
  | 'secrets-read'
  | 'pods-exec'
  | 'escalate-bind-impersonate';

/** One rule of a Role or ClusterRole. @public */
export interface RbacRuleView {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  risks: RbacRisk[];
}

/** What one binding grants a service account. @public */
export interface RbacGrantView {
  binding: {
    kind: 'RoleBinding' | 'ClusterRoleBinding';
    name: string;
    namespace?: string;
  };
  role: { kind: 'Role' | 'ClusterRole'; name: string; missing?: boolean };
  /** The subject that names the service account: itself or one of its groups. */
  via: string;
  /** Where the rules apply: a namespace, or `cluster-wide`. */
  scope: string;
  rules: RbacRuleView[];
  risks: RbacRisk[];
}

/** @public */
export interface ServiceAccountRbac {
  namespace: string;
  name: string;
  workloads: string[];
  grants: RbacGrantView[];
  risks: RbacRisk[];
}

/** The security of an entity in one cluster. @public */
export interface ClusterSecurityView {
  cluster: string;
  vulnerabilities: SecurityVulnerabilities;
  failedLogins: FailedLoginsView;
  serviceAccounts: ServiceAccountRbac[];
  /** Kinds GSV Ops may not read or the cluster does not serve, e.g. `vulnerabilityreports: not installed`. */
  unavailable: string[];
}

/** `GET /entities/:kind/:namespace/:name/security`. @public */
export interface EntitySecurityView {
  entityRef: string;
  generatedAt: string;
  clusters: ClusterSecurityView[];
  errors: ClusterError[];
}

/** One service (workloads sharing a `backstage.io/kubernetes-id`, or one workload) on the platform page. @public */
export interface PlatformSecurityRow {
  cluster: string;
  namespace: string;
  service: string;
  entityRef?: string;
  counts: SeverityCounts;
  images: number;
  unscannedImages: number;
  staleReports: number;
  riskyServiceAccounts: Array<{ name: string; risks: RbacRisk[] }>;
  /** Failed logins over the last 24 hours, for services that export the metric. */
  failedLogins24h?: number;
}

/** `GET /platform/security`. @public */
export interface PlatformSecurityView {
  generatedAt: string;
  rows: PlatformSecurityRow[];
  /** Services left out because the caller may not read their security (gsv-ops.security.read). */
  hiddenServices: number;
  /** Clusters whose failed logins could not be read, and why. */
  failedLoginErrors: Array<{ cluster: string; message: string }>;
  errors: ClusterError[];
}
