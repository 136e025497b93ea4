import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  gsvOpsPlatformReadPermission,
  gsvOpsSecurityReadPermission,
  type ClusterOpsView,
  type ClusterSecurityView,
  type EntitySecurityView,
  type PlatformSecurityRow,
  type PlatformSecurityView,
} from '@gsv/plugin-gsv-ops-common';
import { DateTime } from 'luxon';
import type { OpsService } from '../services/OpsService/types';
import type { ClusterCache } from '../services/WatchCache/ClusterCache';
import { SECURITY_KINDS } from '../services/WatchCache/kinds';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import { failedLoginsOf, type FailedLogins } from './failedLogins';
import { serviceAccountsRbac, type RbacObjects } from './rbac';
import type { SecuritySettings } from './readSecurityConfig';
import { vulnerabilitiesOf } from './vulnerabilities';
import {
  clusterWorkloads,
  entityWorkloads,
  serviceOf,
  workloadRef,
  type Workload,
} from './workloads';

export interface SecurityServiceOptions {
  opsService: OpsService;
  watchCache: WatchCache;
  permissions: PermissionsService;
  failedLogins: FailedLogins;
  settings: SecuritySettings;
  /** Links platform rows to catalog entities; see EntityIndex. */
  entityRefOf?: (object: {
    kind: string;
    namespace?: string;
    name: string;
    labels?: Record<string, string>;
  }) => string | undefined;
  now?: () => number;
}

/** Critical CVEs, then high ones, then risky service accounts, then failed logins; then by name. */
function mostExposedFirst(
  a: PlatformSecurityRow,
  b: PlatformSecurityRow,
): number {
  return (
    b.counts.critical - a.counts.critical ||
    b.counts.high - a.counts.high ||
    b.riskyServiceAccounts.length - a.riskyServiceAccounts.length ||
    (b.failedLogins24h ?? 0) - (a.failedLogins24h ?? 0) ||
    `${a.cluster}/${a.namespace}/${a.service}`.localeCompare(
      `${b.cluster}/${b.namespace}/${b.service}`,
    )
  );
}

function rbacObjects(cache: ClusterCache): RbacObjects {
  return {
    roles: namespace => cache.list('roles', namespace),
    roleBindings: namespace => cache.list('rolebindings', namespace),
    clusterRoles: cache.list('clusterroles'),
    clusterRoleBindings: cache.list('clusterrolebindings'),
  };
}

/** The service accounts the workloads run as, with the workloads that use each. */
function accountsOf(workloads: Workload[]) {
  const accounts = new Map<
    string,
    { namespace: string; name: string; workloads: string[] }
  >();
  for (const w of workloads) {
    const key = `${w.namespace}/${w.serviceAccount}`;
    const account = accounts.get(key) ?? {
      namespace: w.namespace,
      name: w.serviceAccount,
      workloads: [],
    };
    account.workloads.push(workloadRef(w));
    accounts.set(key, account);
  }
  return [...accounts.values()];
}

/** What the cache cannot hold for the Security card: kinds refused by RBAC, trivy-operator not installed. */
function unavailableOf(cache: ClusterCache): string[] {
  const status = cache.status();
  return [
    ...status.degradedKinds
      .filter(k => SECURITY_KINDS.has(k.kind))
      .map(k => `${k.kind}: ${k.message}`),
    ...status.absentKinds
      .filter(k => k === 'vulnerabilityreports')
      .map(
        () =>
          'vulnerabilityreports: trivy-operator is not installed (no VulnerabilityReport CRD)',
      ),
  ];
}

/**
 * The Security card and its platform table, from the watch cache (VulnerabilityReports, Roles, bindings) and
 * Prometheus (failed logins). An entity's security needs `gsv-ops.security.read` on it and what its Ops view needs;
 * the platform table needs `gsv-ops.platform.read` and shows only the services whose security the caller may read.
 */
export class SecurityService {
  private readonly now: () => number;

  constructor(private readonly options: SecurityServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  async entitySecurity(request: {
    entityRef: string;
    cluster?: string;
    credentials: BackstageCredentials;
  }): Promise<EntitySecurityView> {
    const { entityRef, credentials } = request;
    const [decision] = await this.options.permissions.authorize(
      [{ permission: gsvOpsSecurityReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to read the security of ${entityRef} (permission ${gsvOpsSecurityReadPermission.name})`,
      );
    }
    const result = await this.options.opsService.getEntityView({
      entityRef,
      credentials,
      cluster: request.cluster,
    });
    if (result.notModified)
      throw new Error('an unconditional read answered not modified');
    const clusters = await Promise.all(
      result.value.clusters.map(view => this.clusterSecurity(view)),
    );
    return {
      entityRef,
      generatedAt: new Date(this.now()).toISOString(),
      clusters: clusters.filter(
        (c): c is ClusterSecurityView => c !== undefined,
      ),
      errors: result.value.errors,
    };
  }

  private async clusterSecurity(
    view: ClusterOpsView,
  ): Promise<ClusterSecurityView | undefined> {
    const cache = this.options.watchCache.cluster(view.cluster.name);
    if (!cache) return undefined;
    const workloads = entityWorkloads(view, cache);
    const now = DateTime.fromMillis(this.now(), { zone: 'utc' });
    return {
      cluster: cache.name,
      vulnerabilities: vulnerabilitiesOf(
        workloads,
        ns => cache.list('vulnerabilityreports', ns),
        now,
        this.options.settings,
      ),
      failedLogins: await this.options.failedLogins.forWorkloads(
        cache.name,
        workloads,
      ),
      serviceAccounts: serviceAccountsRbac(
        accountsOf(workloads),
        rbacObjects(cache),
      ),
      unavailable: unavailableOf(cache),
    };
  }

  async platformSecurity(
    credentials: BackstageCredentials,
  ): Promise<PlatformSecurityView> {
    const { permissions } = this.options;
    const [platform] = await permissions.authorize(
      [{ permission: gsvOpsPlatformReadPermission }],
      { credentials },
    );
    if (platform.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `Not allowed: ${gsvOpsPlatformReadPermission.name}`,
      );
    const failedLoginErrors: PlatformSecurityView['failedLoginErrors'] = [];
    const rows = (
      await Promise.all(
        this.options.watchCache.clusters().map(async cache => {
          const perPod = await this.options.failedLogins
            .perPod(cache.name)
            .catch(error => {
              failedLoginErrors.push({
                cluster: cache.name,
                message: (error as Error).message,
              });
              return undefined;
            });
          return this.clusterRows(cache, perPod);
        }),
      )
    ).flat();
    const visible = (await this.readable(rows, credentials)).sort(
      mostExposedFirst,
    );
    const now = DateTime.fromMillis(this.now(), { zone: 'utc' });
    return {
      generatedAt: now.toISO()!,
      rows: visible,
      hiddenServices: rows.length - visible.length,
      failedLoginErrors,
      errors: this.options.watchCache.clusters().flatMap(c => {
        const error = c.status().error;
        return error
          ? [
              {
                cluster: c.name,
                reason: error.reason,
                message: error.message,
                since: new Date(error.since).toISOString(),
              },
            ]
          : [];
      }),
    };
  }

  private clusterRows(
    cache: ClusterCache,
    perPod: Awaited<ReturnType<FailedLogins['perPod']>>,
  ): PlatformSecurityRow[] {
    const services = new Map<string, Workload[]>();
    for (const w of clusterWorkloads(cache)) {
      const key = `${w.namespace}\u0000${serviceOf(w)}`;
      services.set(key, [...(services.get(key) ?? []), w]);
    }
    const now = DateTime.fromMillis(this.now(), { zone: 'utc' });
    const rbac = rbacObjects(cache);
    return [...services.values()].map(workloads => {
      const scans = vulnerabilitiesOf(
        workloads,
        ns => cache.list('vulnerabilityreports', ns),
        now,
        { ...this.options.settings, topCves: 0 },
      );
      const entityRef = workloads
        .map(w =>
          this.options.entityRefOf?.({
            kind: w.kind,
            namespace: w.namespace,
            name: w.name,
            labels: w.labels,
          }),
        )
        .find(Boolean);
      const failedLogins24h = perPod
        ? failedLoginsOf(workloads, perPod)
        : undefined;
      return {
        cluster: cache.name,
        namespace: workloads[0].namespace,
        service: serviceOf(workloads[0]),
        ...(entityRef ? { entityRef } : {}),
        counts: scans.totals,
        images: scans.images.length,
        unscannedImages: scans.images.filter(i => !i.report).length,
        staleReports: scans.images.filter(i => i.report?.stale).length,
        riskyServiceAccounts: serviceAccountsRbac(accountsOf(workloads), rbac)
          .filter(a => a.risks.length > 0)
          .map(a => ({ name: a.name, risks: a.risks })),
        ...(failedLogins24h !== undefined ? { failedLogins24h } : {}),
      };
    });
  }

  /** The rows the caller may read: `gsv-ops.security.read` on the row's entity; rows without one need it outright. */
  private async readable(
    rows: PlatformSecurityRow[],
    credentials: BackstageCredentials,
  ): Promise<PlatformSecurityRow[]> {
    const { permissions } = this.options;
    const refs = [
      ...new Set(rows.flatMap(r => (r.entityRef ? [r.entityRef] : []))),
    ];
    const [decisions, [unlinked]] = await Promise.all([
      refs.length
        ? permissions.authorize(
            refs.map(resourceRef => ({
              permission: gsvOpsSecurityReadPermission,
              resourceRef,
            })),
            { credentials },
          )
        : [],
      permissions.authorizeConditional(
        [{ permission: gsvOpsSecurityReadPermission }],
        { credentials },
      ),
    ]);
    const allowed = new Set(
      refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
    const allowUnlinked = unlinked.result === AuthorizeResult.ALLOW;
    return rows.filter(r =>
      r.entityRef ? allowed.has(r.entityRef) : allowUnlinked,
    );
  }
}
