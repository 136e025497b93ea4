import { InputError } from '@backstage/errors';
import type {
  DrBlocker,
  DrReadinessLine,
  DrReadinessView,
} from './drReadiness';
import type { AlertView } from './metrics';
import type { EntityOpsView, ObjectRef } from './types';

/** One reason a check found, e.g. a deployment with 1/3 pods ready or a firing critical alert. @public */
export interface CheckFinding {
  /** `critical` makes the check fail; `warning` is reported only. */
  level: 'critical' | 'warning';
  /** e.g. `workload.not-ready`, `certificate.not-ready`, `alert.firing`, `cluster.unreachable`. */
  code: string;
  reason: string;
  cluster?: string;
  object?: ObjectRef;
}

/** The read-only health check of a service (scaffolder `gsv:service:check-health`, MCP `check-service-health`). @public */
export interface ServiceHealthCheck {
  entityRef: string;
  /** No critical finding: every workload ready, every certificate valid, no critical alert firing, every cluster read. */
  healthy: boolean;
  /** Critical first. */
  findings: CheckFinding[];
  summary: string;
}

/** The firing alerts of the service in one cluster, or why they could not be read. @public */
export interface ClusterAlerts {
  cluster: string;
  alerts: AlertView[];
  /** Set when Alertmanager could not be asked; the check then says it could not judge the alerts. */
  error?: string;
}

const CERTIFICATE_WARNING_DAYS = 7;

function workloadFindings(view: EntityOpsView): CheckFinding[] {
  return view.clusters.flatMap(({ cluster, deployments }) =>
    deployments.flatMap((d): CheckFinding[] => {
      const object = { kind: d.kind, namespace: d.namespace, name: d.name };
      if (d.readyReplicas < d.desiredReplicas) {
        return [
          {
            level: 'critical',
            code: 'workload.not-ready',
            reason: `${d.kind} ${d.namespace}/${d.name}: ${d.readyReplicas}/${d.desiredReplicas} pods ready`,
            cluster: cluster.name,
            object,
          },
        ];
      }
      if (d.rollout.stalled) {
        return [
          {
            level: 'critical',
            code: 'workload.rollout-stalled',
            reason: `${d.kind} ${d.namespace}/${d.name}: rollout stalled${
              d.rollout.message ? ` (${d.rollout.message})` : ''
            }`,
            cluster: cluster.name,
            object,
          },
        ];
      }
      return [];
    }),
  );
}

function certificateFindings(view: EntityOpsView): CheckFinding[] {
  return view.clusters.flatMap(({ cluster, certificates }) =>
    certificates.flatMap((c): CheckFinding[] => {
      const object = {
        kind: 'Certificate',
        namespace: c.namespace,
        name: c.name,
      };
      const where = `Certificate ${c.namespace}/${c.name}`;
      const base = { cluster: cluster.name, object };
      if (c.daysToExpiry !== undefined && c.daysToExpiry < 0) {
        return [
          {
            ...base,
            level: 'critical',
            code: 'certificate.expired',
            reason: `${where} expired ${-c.daysToExpiry} days ago`,
          },
        ];
      }
      if (c.ready !== 'True') {
        const why = c.readyMessage ?? c.readyReason ?? c.ready;
        return [
          {
            ...base,
            level: 'critical',
            code: 'certificate.not-ready',
            reason: `${where} is not ready: ${why}`,
          },
        ];
      }
      if (
        c.daysToExpiry !== undefined &&
        c.daysToExpiry <= CERTIFICATE_WARNING_DAYS
      ) {
        return [
          {
            ...base,
            level: 'warning',
            code: 'certificate.expiring',
            reason: `${where} expires in ${c.daysToExpiry} days`,
          },
        ];
      }
      return [];
    }),
  );
}

function alertFindings(alerts: ClusterAlerts[]): CheckFinding[] {
  return alerts.flatMap(
    ({ cluster, alerts: firing, error }): CheckFinding[] => {
      if (error) {
        return [
          {
            level: 'warning',
            code: 'alerts.unavailable',
            reason: `Firing alerts could not be read: ${error}`,
            cluster,
          },
        ];
      }
      return firing
        .filter(alert => alert.state === 'active')
        .map(alert => ({
          level: alert.severity === 'critical' ? 'critical' : 'warning',
          code: 'alert.firing',
          reason: `Alert ${alert.name} (${alert.severity}) firing since ${alert.startsAt}: ${alert.summary}`,
          cluster,
        }));
    },
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Judges a service from its Ops view and its firing alerts: healthy when every workload has its pods ready and no
 * stalled rollout, every certificate is valid, no critical alert fires and every cluster could be read.
 *
 * @public
 */
export function checkServiceHealth(
  view: EntityOpsView,
  alerts: ClusterAlerts[],
): ServiceHealthCheck {
  const unreachable: CheckFinding[] = view.errors.map(e => ({
    level: 'critical',
    code: 'cluster.unreachable',
    reason: `Cluster ${e.cluster} could not be read: ${e.message}`,
    cluster: e.cluster,
  }));
  const findings = [
    ...unreachable,
    ...workloadFindings(view),
    ...certificateFindings(view),
    ...alertFindings(alerts),
  ].sort(
    (a, b) => Number(a.level === 'warning') - Number(b.level === 'warning'),
  );
  const critical = findings.filter(f => f.level === 'critical');
  const workloads = view.clusters.reduce((n, c) => n + c.deployments.length, 0);
  const certificates = view.clusters.reduce(
    (n, c) => n + c.certificates.length,
    0,
  );
  const clusters =
    view.clusters.map(c => c.cluster.name).join(', ') || 'no cluster';
  const scope = `${plural(workloads, 'workload')} and ${plural(
    certificates,
    'certificate',
  )} in ${clusters}`;
  const warnings = findings.length - critical.length;
  const summary = critical.length
    ? `${view.entityRef} is unhealthy: ${critical
        .map(f => f.reason)
        .join('; ')}`
    : `${view.entityRef} is healthy: ${scope} ready, no critical alert firing${
        warnings ? ` (${plural(warnings, 'warning')})` : ''
      }`;
  return {
    entityRef: view.entityRef,
    healthy: critical.length === 0,
    findings,
    summary,
  };
}

/** Whether a database can be restored to a point in time (scaffolder `gsv:database:check-restorable`). @public */
export interface RestorableCheck {
  restorable: boolean;
  cluster: string;
  namespace: string;
  name: string;
  /** The point checked (ISO 8601). */
  targetTime: string;
  /** The recoverability window, when anything is recoverable. */
  window?: { from: string; to: string };
  /** Why a restore to targetTime is impossible (empty when restorable). */
  blockers: DrBlocker[];
  /** The database's other DR readiness findings (e.g. never rehearsed): they do not stop this restore. */
  warnings: DrBlocker[];
  summary: string;
}

/** How long ago a restore check looks by default: a restore "to just before the incident". @public */
export const DEFAULT_RESTORE_MINUTES_AGO = 5;

/**
 * The `minutesAgo` input of the restore checks (scaffolder and actions registry), built with the caller's zod.
 *
 * @public
 */
export const restoreMinutesAgoInput = (z: any) =>
  z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 90)
    .optional()
    .describe(
      `Without targetTime: check a restore to this many minutes ago (default ${DEFAULT_RESTORE_MINUTES_AGO})`,
    );

/**
 * The point a restore check judges, as ISO 8601 UTC: `targetTime` (ISO 8601 with a zone), else `minutesAgo`
 * (default 5) before `now`. Throws an InputError naming `targetTime` when it is not a time with a zone.
 *
 * @public
 */
export function restoreTargetTime(
  input: { targetTime?: string; minutesAgo?: number },
  now: number,
): string {
  if (input.targetTime === undefined) {
    const minutes = input.minutesAgo ?? DEFAULT_RESTORE_MINUTES_AGO;
    return new Date(now - minutes * 60_000).toISOString();
  }
  const time = Date.parse(input.targetTime);
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(input.targetTime) || !Number.isFinite(time))
    throw new InputError(
      `targetTime: "${input.targetTime}" is not an ISO 8601 time with a zone, e.g. 2026-11-24T10:00:00Z`,
    );
  return new Date(time).toISOString();
}

/** The DR readiness blockers that explain an empty or short window. */
const RECOVERABILITY_BLOCKERS = new Set<DrBlocker['id']>([
  'no-backup-store',
  'object-store-missing',
  'no-backups',
  'wal-archiving-failing',
]);

/** The line of the database asked for, or why there is none (no such database, or several to choose from). @public */
export function selectDrLine(
  view: DrReadinessView,
  query: { cluster?: string; namespace?: string; name?: string },
): DrReadinessLine | { problem: string } {
  const lines = view.items.filter(
    l =>
      (!query.cluster || l.cluster === query.cluster) &&
      (!query.namespace || l.namespace === query.namespace) &&
      (!query.name || l.name === query.name),
  );
  const wanted = [query.cluster, query.namespace, query.name]
    .filter(Boolean)
    .join(' ');
  if (!lines.length)
    return {
      problem: `No CloudNativePG database${
        wanted ? ` (${wanted})` : ''
      } belongs to this entity`,
    };
  if (lines.length > 1) {
    const names = lines
      .map(l => `${l.cluster} ${l.namespace}/${l.name}`)
      .join(', ');
    return {
      problem: `The entity has ${lines.length} databases (${names}); name one with cluster, namespace and database`,
    };
  }
  return lines[0];
}

/**
 * Judges whether a database can be restored to `targetTime`: only when its recoverability window (from the DR
 * readiness data) covers that time. When it does not, the blockers say why (the window, and what shortens it).
 *
 * @public
 */
export function checkDatabaseRestorable(
  line: DrReadinessLine,
  targetTime: string,
): RestorableCheck {
  const time = Date.parse(targetTime);
  const target = new Date(time).toISOString();
  const covered = Boolean(
    line.window &&
      Date.parse(line.window.from) <= time &&
      time <= Date.parse(line.window.to),
  );
  const where = `${line.namespace}/${line.name} in ${line.cluster}`;
  // the readiness line's window-not-covering is about its own restore point; this check judges targetTime
  const others = line.blockers.filter(b => b.id !== 'window-not-covering');
  const blockers: DrBlocker[] = covered
    ? []
    : [
        {
          id: 'window-not-covering',
          level: 'critical',
          message: line.window
            ? `${target} is outside the recoverability window ${line.window.from} – ${line.window.to}`
            : 'Nothing is recoverable: the database has no recoverability window',
          runbook: 'database-backup',
          guideSection: '5.1',
          hint: line.window
            ? 'Choose a time inside the window, or fix what shortens it'
            : 'Fix the backups, then take one',
        },
        ...others.filter(b => RECOVERABILITY_BLOCKERS.has(b.id)),
      ];
  const warnings = others.filter(b => !blockers.includes(b));
  const summary = covered
    ? `${where} can be restored to ${target} (window ${line.window!.from} – ${
        line.window!.to
      })`
    : `${where} cannot be restored to ${target}: ${blockers
        .map(b => b.message)
        .join('; ')}`;
  return {
    restorable: covered,
    cluster: line.cluster,
    namespace: line.namespace,
    name: line.name,
    targetTime: target,
    ...(line.window
      ? { window: { from: line.window.from, to: line.window.to } }
      : {}),
    blockers,
    warnings,
    summary,
  };
}
