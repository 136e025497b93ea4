import { Config, readDurationFromConfig } from '@backstage/config';
import { CronExpressionParser } from 'cron-parser';
import { Duration, IANAZone } from 'luxon';
import { z } from 'zod';
import { RUNBOOKS, RunbookId } from '@gsv/plugin-gsv-ops-common';
import { parseWith } from '../../config/parseWith';
import { parseQuantity } from '../../domain/quantities';
import type { OperationLimits } from '@gsv/plugin-gsv-ops-node';
import type { ReviewConfig } from '../admission/review';
import { readApprovalsConfig, type ApprovalsConfig } from '../approvals/approvalsConfig';
import { readJobsConfig, type JobsConfig, type MigrationsConfig } from '../jobs/jobsConfig';

export type { OperationLimits } from '@gsv/plugin-gsv-ops-node';

/** A recurring window in which changes to an environment are allowed (ops guide §7.1). */
export interface MaintenanceWindow {
  name: string;
  /** Standard cron (5 fields, or 6 with seconds); starts of the window, in `timezone`. */
  cron: string;
  durationMs: number;
  /** IANA time zone the cron is evaluated in, e.g. `Europe/Berlin`. */
  timezone: string;
  /** Only these runbooks may use this window; all runbooks when absent. */
  runbooks?: RunbookId[];
}

/** A period in which no change may be made to the listed environments. */
export interface ChangeFreeze {
  name: string;
  from: number;
  to: number;
  /** Environments the freeze applies to; all when empty. */
  environments: string[];
  reason: string;
  /** Whether a declared P1/P2 incident may still go ahead (default true: emergencies must stay possible). */
  allowIncidentOverride: boolean;
  /** Runbooks that stay allowed during the freeze (e.g. backups). */
  exemptRunbooks: RunbookId[];
}

export interface OperationsPolicyConfig {
  /** Per environment; an environment without windows is unrestricted. */
  maintenanceWindows: Record<string, MaintenanceWindow[]>;
  /** Runbooks that may run outside the maintenance windows (e.g. `database-backup`). */
  windowExemptRunbooks: RunbookId[];
  changeFreezes: ChangeFreeze[];
  limits: OperationLimits;
  /** Per-environment overrides of the limits. */
  environmentLimits: Record<string, Partial<OperationLimits>>;
}

export interface OperationsConfig {
  /** How long a lock (and an operation's claim to be alive) lasts without renewal. */
  leaseMs: number;
  /** How often the janitor looks for operations whose backend died. */
  janitorIntervalMs: number;
  /** How long the verify steps watch the pods after a rollout before calling it good. */
  verifyMs: number;
  /** How many operations `GET /operations` returns when no limit is given, and the most it returns. */
  listDefaultLimit: number;
  listMaxLimit: number;
  /** How long finished operations stay in the audit log: real changes, and dry runs (previews). */
  retention: { operationsMs: number; dryRunsMs: number };
  /** Which real runs need a reviewed dry run of the same request, and how old it may be. */
  review: ReviewConfig;
  /** Which real runs need approvals, from whom, and for how long approvers have. */
  approvals: ApprovalsConfig;
  policy: OperationsPolicyConfig;
  /** How commands run as Jobs, and which commands migrate a service. */
  jobs: JobsConfig;
  migrations: MigrationsConfig;
}

const DAY_MS = 86_400_000;

export const DEFAULT_LIMITS: OperationLimits = {
  maxReplicas: 20,
  minReplicas: 0,
  minDatabaseInstances: 1,
  maxDatabaseInstances: 5,
  maxRestoreInstances: 3,
  maxObjectsDeleted: 50,
  minKeepReplicaSets: 1,
  maxConsumerRestarts: 5,
  maxContainerCpuCores: 8,
  maxContainerMemoryBytes: 32 * 1024 ** 3,
  minContainerCpuCores: 0.01,
  minContainerMemoryBytes: 16 * 1024 ** 2,
  maxPoolerInstances: 4,
  maxPoolerDefaultPoolSize: 50,
  maxPoolerClientConnections: 1000,
};

/**
 * The ops guide's §7.1 table as maintenance windows (documented example for `prod`; not applied unless configured).
 * "Bi-weekly" and "quarterly" cannot be said in cron exactly: minor updates use every Wednesday, major upgrades the
 * first Saturday of each quarter, database maintenance the first Sunday of each month.
 */
export const OPS_GUIDE_MAINTENANCE_WINDOWS: MaintenanceWindow[] = [
  { name: 'Security patches', cron: '0 2 * * 2', durationMs: 2 * 3600_000, timezone: 'Europe/Berlin' },
  { name: 'Minor updates', cron: '0 2 * * 3', durationMs: 2 * 3600_000, timezone: 'Europe/Berlin' },
  { name: 'Major upgrades', cron: '0 2 * 1,4,7,10 6#1', durationMs: 4 * 3600_000, timezone: 'Europe/Berlin' },
  {
    name: 'Database maintenance',
    cron: '0 3 * * 0#1',
    durationMs: 2 * 3600_000,
    timezone: 'Europe/Berlin',
    runbooks: ['database-backup', 'database-switchover', 'database-restore', 'database-scale'],
  },
];

const runbookIds = RUNBOOKS.map(r => r.id) as [RunbookId, ...RunbookId[]];
const runbookIdSchema = z.enum(runbookIds, {
  errorMap: () => ({ message: `must be one of ${runbookIds.join(', ')}` }),
});
const environmentSchema = z.string().min(1).max(64);
const quantityLike = z.union([z.string(), z.number()]);

const limitsSchema = z
  .object({
    maxReplicas: z.number().int().min(1).max(1000),
    minReplicas: z.number().int().min(0).max(1000),
    minDatabaseInstances: z.number().int().min(1).max(99),
    maxDatabaseInstances: z.number().int().min(1).max(99),
    maxRestoreInstances: z.number().int().min(1).max(99),
    maxObjectsDeleted: z.number().int().min(1).max(10_000),
    minKeepReplicaSets: z.number().int().min(0).max(100),
    maxConsumerRestarts: z.number().int().min(0).max(100),
    maxContainerCpu: quantityLike,
    maxContainerMemory: quantityLike,
    minContainerCpu: quantityLike,
    minContainerMemory: quantityLike,
    maxPoolerInstances: z.number().int().min(1).max(100),
    maxPoolerDefaultPoolSize: z.number().int().min(1).max(10_000),
    maxPoolerClientConnections: z.number().int().min(1).max(1_000_000),
  })
  .partial()
  .strict();

const freezeSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    from: z.string().datetime({ offset: true }),
    to: z.string().datetime({ offset: true }),
    environments: z.array(environmentSchema).optional(),
    reason: z.string().min(1).max(500),
    allowIncidentOverride: z.boolean().optional(),
    exemptRunbooks: z.array(runbookIdSchema).optional(),
  })
  .strict();

/**
 * Reads `gsvOps.operations` (see config.d.ts) into typed objects; throws with the config path on invalid values, so
 * a wrong window or freeze stops the backend at start instead of silently allowing changes.
 */
export function readOperationsConfig(config: Config): OperationsConfig {
  const root = config.getOptionalConfig('gsvOps.operations');
  const leaseSeconds = root?.getOptionalNumber('leaseSeconds') ?? 60;
  if (!(leaseSeconds >= 1 && leaseSeconds <= 3600)) {
    throw new Error('Invalid configuration at gsvOps.operations.leaseSeconds: must be between 1 and 3600');
  }
  const janitorSeconds = root?.getOptionalNumber('janitorIntervalSeconds') ?? 30;
  if (!(janitorSeconds >= 1 && janitorSeconds <= 3600)) {
    throw new Error('Invalid configuration at gsvOps.operations.janitorIntervalSeconds: must be between 1 and 3600');
  }
  const verifySeconds = root?.getOptionalNumber('verifySeconds') ?? 10;
  if (!(verifySeconds >= 0 && verifySeconds <= 600)) {
    throw new Error('Invalid configuration at gsvOps.operations.verifySeconds: must be between 0 and 600');
  }
  const policy = root?.getOptionalConfig('policy');

  const maintenanceWindows: Record<string, MaintenanceWindow[]> = {};
  const windowsConfig = policy?.getOptionalConfig('maintenanceWindows');
  for (const environment of windowsConfig?.keys() ?? []) {
    const list = windowsConfig!.getConfigArray(environment);
    maintenanceWindows[environment] = list.map((w, i) =>
      readWindow(w, `gsvOps.operations.policy.maintenanceWindows.${environment}[${i}]`),
    );
  }

  const windowExemptRunbooks = parseWith(
    z.array(runbookIdSchema),
    policy?.getOptional('windowExemptRunbooks') ?? [],
    'gsvOps.operations.policy.windowExemptRunbooks',
  );

  const changeFreezes = (policy?.getOptionalConfigArray('changeFreezes') ?? []).map((f, i) => {
    const path = `gsvOps.operations.policy.changeFreezes[${i}]`;
    const parsed = parseWith(freezeSchema, f.get(), path);
    const from = Date.parse(parsed.from);
    const to = Date.parse(parsed.to);
    if (!(to > from)) throw new Error(`Invalid configuration at ${path}.to: must be after from`);
    return {
      name: parsed.name ?? `Change freeze ${parsed.from.slice(0, 10)}`,
      from,
      to,
      environments: parsed.environments ?? [],
      reason: parsed.reason,
      allowIncidentOverride: parsed.allowIncidentOverride ?? true,
      exemptRunbooks: parsed.exemptRunbooks ?? [],
    };
  });

  const limits = {
    ...DEFAULT_LIMITS,
    ...toLimits(parseWith(limitsSchema, policy?.getOptional('limits') ?? {}, 'gsvOps.operations.policy.limits'), 'gsvOps.operations.policy.limits'),
  };
  checkLimits(limits, 'gsvOps.operations.policy.limits');
  const environmentLimits: Record<string, Partial<OperationLimits>> = {};
  const envLimitsConfig = policy?.getOptionalConfig('environmentLimits');
  for (const environment of envLimitsConfig?.keys() ?? []) {
    const path = `gsvOps.operations.policy.environmentLimits.${environment}`;
    environmentLimits[environment] = toLimits(parseWith(limitsSchema, envLimitsConfig!.get(environment), path), path);
    checkLimits({ ...limits, ...environmentLimits[environment] }, path);
  }

  const listDefaultLimit = root?.getOptionalNumber('listDefaultLimit') ?? 20;
  const listMaxLimit = root?.getOptionalNumber('listMaxLimit') ?? 200;
  if (!(listDefaultLimit >= 1 && listMaxLimit >= listDefaultLimit && listMaxLimit <= 1000)) {
    throw new Error('Invalid configuration at gsvOps.operations: need 1 <= listDefaultLimit <= listMaxLimit <= 1000');
  }

  const retentionDays = {
    operations: root?.getOptionalNumber('retention.operationsDays') ?? 400,
    dryRuns: root?.getOptionalNumber('retention.dryRunsDays') ?? 30,
  };
  for (const [key, days] of Object.entries(retentionDays)) {
    if (!(Number.isInteger(days) && days >= 1 && days <= 36_500)) {
      throw new Error(
        `Invalid configuration at gsvOps.operations.retention.${key}Days: must be a whole number of days between 1 and 36500`,
      );
    }
  }

  return {
    review: readReviewConfig(root),
    approvals: readApprovalsConfig(config),
    leaseMs: leaseSeconds * 1000,
    janitorIntervalMs: janitorSeconds * 1000,
    verifyMs: verifySeconds * 1000,
    listDefaultLimit,
    listMaxLimit,
    retention: { operationsMs: retentionDays.operations * DAY_MS, dryRunsMs: retentionDays.dryRuns * DAY_MS },
    policy: { maintenanceWindows, windowExemptRunbooks, changeFreezes, limits, environmentLimits },
    ...readJobsConfig(config),
  };
}

/** `gsvOps.operations.review`: required in every environment by default; production cannot opt out. */
function readReviewConfig(root: Config | undefined): ReviewConfig {
  const path = 'gsvOps.operations.review';
  const parsed = parseWith(
    z
      .object({
        requiredIn: z.array(environmentSchema).optional(),
        maxAgeMinutes: z.number().min(1).max(24 * 60).optional(),
      })
      .strict(),
    root?.getOptional('review') ?? {},
    path,
  );
  const requiredIn = parsed.requiredIn ?? ['dev', 'qa', 'prod'];
  if (!requiredIn.includes('prod')) {
    throw new Error(`Invalid configuration at ${path}.requiredIn: a real run in prod always needs a reviewed dry run; keep prod in the list`);
  }
  return { requiredIn, maxAgeMs: (parsed.maxAgeMinutes ?? 15) * 60_000 };
}

function readWindow(w: Config, path: string): MaintenanceWindow {
  const name = w.getOptionalString('name') ?? path;
  const cron = w.getString('cron');
  const timezone = w.getOptionalString('timezone') ?? 'UTC';
  if (!IANAZone.isValidZone(timezone)) {
    throw new Error(`Invalid configuration at ${path}.timezone: '${timezone}' is not an IANA time zone`);
  }
  try {
    CronExpressionParser.parse(cron, { tz: timezone, strict: false });
  } catch (e) {
    throw new Error(`Invalid configuration at ${path}.cron: ${(e as Error).message}`);
  }
  let durationMs: number;
  try {
    durationMs = Duration.fromObject(readDurationFromConfig(w, { key: 'duration' })).as('milliseconds');
  } catch (e) {
    throw new Error(`Invalid configuration at ${path}.duration: ${(e as Error).message}`);
  }
  if (!(durationMs > 0 && durationMs <= 7 * 24 * 3600_000)) {
    throw new Error(`Invalid configuration at ${path}.duration: must be more than 0 and at most 7 days`);
  }
  const runbooks = w.has('runbooks')
    ? parseWith(z.array(runbookIdSchema).min(1), w.get('runbooks'), `${path}.runbooks`)
    : undefined;
  return { name, cron, durationMs, timezone, ...(runbooks ? { runbooks } : {}) };
}

const QUANTITY_LIMITS = {
  maxContainerCpu: ['maxContainerCpuCores', 'CPU'],
  maxContainerMemory: ['maxContainerMemoryBytes', 'memory'],
  minContainerCpu: ['minContainerCpuCores', 'CPU'],
  minContainerMemory: ['minContainerMemoryBytes', 'memory'],
} as const;

function toLimits(parsed: z.infer<typeof limitsSchema>, path: string): Partial<OperationLimits> {
  const { maxContainerCpu, maxContainerMemory, minContainerCpu, minContainerMemory, ...rest } = parsed;
  const out: Partial<OperationLimits> = { ...rest };
  const quantities = { maxContainerCpu, maxContainerMemory, minContainerCpu, minContainerMemory };
  for (const [key, [field, what]] of Object.entries(QUANTITY_LIMITS)) {
    const value = quantities[key as keyof typeof quantities];
    if (value === undefined) continue;
    const amount = parseQuantity(String(value));
    if (amount === undefined || amount <= 0) throw new Error(`Invalid configuration at ${path}.${key}: not a ${what} quantity`);
    out[field] = amount;
  }
  return out;
}

function checkLimits(limits: OperationLimits, path: string) {
  if (limits.minReplicas > limits.maxReplicas) throw new Error(`Invalid configuration at ${path}: minReplicas > maxReplicas`);
  if (limits.minDatabaseInstances > limits.maxDatabaseInstances) {
    throw new Error(`Invalid configuration at ${path}: minDatabaseInstances > maxDatabaseInstances`);
  }
  if (limits.minContainerCpuCores > limits.maxContainerCpuCores) throw new Error(`Invalid configuration at ${path}: minContainerCpu > maxContainerCpu`);
  if (limits.minContainerMemoryBytes > limits.maxContainerMemoryBytes) {
    throw new Error(`Invalid configuration at ${path}: minContainerMemory > maxContainerMemory`);
  }
}

/** The limits that apply in an environment. */
export function limitsFor(policy: OperationsPolicyConfig, environment: string): OperationLimits {
  return { ...policy.limits, ...policy.environmentLimits[environment] };
}

