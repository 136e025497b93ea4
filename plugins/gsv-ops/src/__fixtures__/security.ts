import type {
  ClusterSecurityView,
  EntitySecurityView,
  PlatformSecurityView,
} from '@gsv/plugin-gsv-ops-common';

const HOUR = 3_600_000;

/** 24 hours of failed logins, oldest first: a trickle with one burst three hours ago. */
function hourly(now: number) {
  return Array.from({ length: 24 }, (_, i) => ({
    start: new Date(now - (24 - i) * HOUR).toISOString(),
    count: i === 20 ? 1804 : 60 + (i % 5) * 3,
  }));
}

/** The agent registry in gsv-dev, as the devcluster's seed has it: critical CVEs, an unscanned image, a risky Role. */
export function agentRegistrySecurityCluster(): ClusterSecurityView {
  const now = Date.now();
  return {
    cluster: 'gsv-dev',
    vulnerabilities: {
      staleAfterDays: 7,
      totals: { critical: 2, high: 3, medium: 2, low: 2, unknown: 0 },
      images: [
        {
          image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3',
          namespace: 'cmp',
          workloads: ['Deployment/agent-registry'],
          report: {
            name: 'replicaset-agent-registry-7d9c6b5f4-agent-registry',
            artifact: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3',
            scanner: 'Trivy 0.57.1',
            updatedAt: new Date(now - 6 * HOUR).toISOString(),
            stale: false,
            counts: { critical: 2, high: 3, medium: 2, low: 2, unknown: 0 },
          },
        },
        {
          image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
          namespace: 'cmp',
          workloads: ['Cluster/cmp-postgres'],
        },
      ],
      topCves: [
        {
          id: 'CVE-2024-42005',
          severity: 'CRITICAL',
          package: 'django',
          installedVersion: '4.2.14',
          fixedVersion: '4.2.15, 5.0.8',
          title: 'django: SQL injection in QuerySet.values() and values_list()',
          score: 9.8,
          link: 'https://avd.aquasec.com/nvd/cve-2024-42005',
          images: ['ghcr.io/digitlify-inc/agent-registry:v1.2.3'],
        },
        {
          id: 'CVE-2023-45853',
          severity: 'CRITICAL',
          package: 'zlib1g',
          installedVersion: '1:1.2.13.dfsg-1',
          title:
            'zlib: integer overflow and resultant heap-based buffer overflow',
          score: 9.8,
          link: 'https://avd.aquasec.com/nvd/cve-2023-45853',
          images: ['ghcr.io/digitlify-inc/agent-registry:v1.2.3'],
        },
      ],
    },
    failedLogins: {
      status: 'no-metric',
      metric: 'keycloak_failed_login_attempts',
      hourly: [],
      total: 0,
      topErrors: [],
    },
    serviceAccounts: [
      {
        namespace: 'cmp',
        name: 'agent-registry',
        workloads: ['Deployment/agent-registry'],
        risks: ['secrets-read', 'pods-exec'],
        grants: [
          {
            binding: {
              kind: 'RoleBinding',
              name: 'agent-registry',
              namespace: 'cmp',
            },
            role: { kind: 'Role', name: 'agent-registry' },
            via: 'ServiceAccount',
            scope: 'cmp',
            risks: ['secrets-read', 'pods-exec'],
            rules: [
              {
                apiGroups: [''],
                resources: ['configmaps'],
                verbs: ['get', 'list', 'watch'],
                risks: [],
              },
              {
                apiGroups: [''],
                resources: ['secrets'],
                verbs: ['get', 'list'],
                risks: ['secrets-read'],
              },
              {
                apiGroups: [''],
                resources: ['pods/exec'],
                verbs: ['create'],
                risks: ['pods-exec'],
              },
            ],
          },
          {
            binding: {
              kind: 'ClusterRoleBinding',
              name: 'gsv-service-discovery-cmp',
            },
            role: { kind: 'ClusterRole', name: 'gsv-service-discovery' },
            via: 'Group system:serviceaccounts:cmp',
            scope: 'cluster-wide',
            risks: [],
            rules: [
              {
                apiGroups: [''],
                resources: ['services', 'endpoints'],
                verbs: ['get', 'list', 'watch'],
                risks: [],
              },
            ],
          },
        ],
      },
    ],
    unavailable: [],
  };
}

/** Keycloak's failed logins, with the burst. */
export function keycloakSecurityCluster(): ClusterSecurityView {
  const now = Date.now();
  return {
    ...agentRegistrySecurityCluster(),
    failedLogins: {
      status: 'ok',
      metric: 'keycloak_failed_login_attempts',
      hourly: hourly(now),
      total: 3320,
      topErrors: [
        { error: 'user_not_found', count: 1210 },
        { error: 'invalid_user_credentials', count: 1630 },
      ].sort((a, b) => b.count - a.count),
    },
  };
}

export function entitySecurity(
  clusters: ClusterSecurityView[],
  entityRef = 'component:default/agent-registry',
): EntitySecurityView {
  return {
    entityRef,
    generatedAt: new Date().toISOString(),
    clusters,
    errors: [],
  };
}

export function platformSecurity(): PlatformSecurityView {
  return {
    generatedAt: new Date().toISOString(),
    hiddenServices: 3,
    failedLoginErrors: [],
    errors: [],
    rows: [
      {
        cluster: 'gsv-dev',
        namespace: 'cmp',
        service: 'agent-registry',
        entityRef: 'component:default/agent-registry',
        counts: { critical: 2, high: 3, medium: 2, low: 2, unknown: 0 },
        images: 1,
        unscannedImages: 0,
        staleReports: 0,
        riskyServiceAccounts: [
          { name: 'agent-registry', risks: ['secrets-read', 'pods-exec'] },
        ],
      },
      {
        cluster: 'gsv-dev',
        namespace: 'sso',
        service: 'keycloak',
        entityRef: 'component:default/keycloak',
        counts: { critical: 0, high: 1, medium: 3, low: 1, unknown: 0 },
        images: 1,
        unscannedImages: 0,
        staleReports: 0,
        riskyServiceAccounts: [],
        failedLogins24h: 3320,
      },
      {
        cluster: 'gsv-dev',
        namespace: 'cmp',
        service: 'redis',
        counts: { critical: 0, high: 1, medium: 1, low: 1, unknown: 0 },
        images: 1,
        unscannedImages: 0,
        staleReports: 1,
        riskyServiceAccounts: [],
      },
    ],
  };
}
