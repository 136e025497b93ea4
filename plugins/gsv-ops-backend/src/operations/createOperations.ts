import type {
  AuditorService,
  DatabaseService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type express from 'express';
import type { RunbookId } from '@gsv/plugin-gsv-ops-common';
import type { Runbook } from './runbooks/types';
import type { ApprovalListener } from './approvals/ApprovalFlow';
import type { GroupsOf } from './approvals/approvers';
import type { ClusterRegistry } from '../services/ClusterRegistry/types';
import { readOperationsConfig } from './config/readOperationsConfig';
import { createImagePromote } from './runbooks/imagePromote';
import { GithubGitHost } from '../promotion/GithubGitHost';
import { LocalGitHost } from '../promotion/LocalGitHost';
import { readPromotionConfig } from '../promotion/promotionConfig';
import { createOperationsRouter } from '../service/createOperationsRouter';
import { OperationsEngine } from './OperationsEngine';
import { OperationsPolicy } from './policy/OperationsPolicy';
import { DatabaseLockManager } from './store/DatabaseLockManager';
import { DatabaseOperationStore } from './store/DatabaseOperationStore';
import { ObservedOperationStore, type OperationListener } from './store/ObservedOperationStore';
import { applyOperationsMigrations } from './store/migrations';
import type { OperationStore } from './store/types';
import type { EntityLookup, OperationTargetsProvider } from './types';
import type { IncidentOverrideCheck } from '../incidents/incidentOverride';

/**
 * Builds the operations engine for the plugin: migrates its tables, schedules the janitor that marks operations of
 * dead backends as interrupted and the audit-log retention, stops local operations on shutdown, and returns the engine and its router.
 */
export async function createOperations(options: {
  config: Config;
  database: DatabaseService;
  clusters: ClusterRegistry;
  targets: OperationTargetsProvider;
  catalog: EntityLookup;
  permissions: PermissionsService;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  /** Implementations that replace the built-in ones (gsvOpsRunbooksExtensionPoint). */
  runbooks?: Partial<Record<RunbookId, Runbook<any>>>;
  /** The groups of a signed-in user, for the approvals' group check. */
  groupsOf: GroupsOf;
  approvalListener?: ApprovalListener;
  /** Told about every change of an operation (signals, notifications). */
  listener?: OperationListener;
  incidentOverride?: IncidentOverrideCheck;
}): Promise<{ engine: OperationsEngine; router: express.Router; store: OperationStore }> {
  const settings = readOperationsConfig(options.config);
  const knex = await options.database.getClient();
  if (!options.database.migrations?.skip) {
    await applyOperationsMigrations(knex);
  }
  const stored = new DatabaseOperationStore(knex);
  const listenerFailed = (error: unknown) => options.logger.warn('An operation listener failed', { error: String(error) });
  const store = options.listener ? new ObservedOperationStore(stored, options.listener, listenerFailed) : stored;
  const engine = new OperationsEngine({
    clusters: options.clusters,
    store,
    locks: new DatabaseLockManager(knex),
    policy: new OperationsPolicy(settings.policy),
    config: settings,
    permissions: options.permissions,
    catalog: options.catalog,
    targets: options.targets,
    auditor: options.auditor,
    logger: options.logger.child({ component: 'operations' }),
    runbooks: {
      'image-promote': createImagePromote({
        config: readPromotionConfig(options.config),
        clusters: options.clusters,
        gitHosts: [new LocalGitHost(), GithubGitHost.fromConfig(options.config)],
        auditor: options.auditor,
      }),
      ...options.runbooks,
    },
    groupsOf: options.groupsOf,
    approvalListener: options.approvalListener,
    incidentOverride: options.incidentOverride,
  });
  await options.scheduler.scheduleTask({
    id: 'gsv-ops.operations-janitor',
    // Every instance may run it: it only ends operations whose lease or approval has run out, with a conditional update.
    scope: 'local',
    frequency: { milliseconds: settings.janitorIntervalMs },
    timeout: { seconds: 60 },
    initialDelay: { seconds: 1 },
    fn: async () => {
      const count = await engine.runJanitor();
      if (count > 0) options.logger.info('Ended operations of stopped backends or with expired approvals', { count });
    },
  });
  await options.scheduler.scheduleTask({
    id: 'gsv-ops.audit-log-retention',
    // One replica at a time is enough; the deletes are idempotent anyway.
    scope: 'global',
    frequency: { hours: 6 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const deleted = await engine.pruneAuditLog();
      if (deleted.operations + deleted.dryRuns > 0) {
        options.logger.info('Deleted ended operations older than the audit-log retention', deleted);
      }
    },
  });
  options.lifecycle.addShutdownHook(async () => {
    await engine.shutdown();
  });
  const router = createOperationsRouter({ engine, httpAuth: options.httpAuth, listMaxLimit: settings.listMaxLimit });
  return { engine, router, store: stored };
}
