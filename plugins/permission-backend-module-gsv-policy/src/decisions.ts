/**
 * Who may hold a permission, besides the platform teams (who hold every permission this table or the config names):
 *
 * - `signed-in`: every signed-in user;
 * - `owners`: the owners of the catalog entity the request is about (a conditional `IS_ENTITY_OWNER` decision,
 *   evaluated by the catalog); only for permissions on the `catalog-entity` resource type;
 * - `platform`: nobody but the platform teams;
 * - `nobody`: not even the platform teams.
 *
 * A permission that is in neither this table nor `gsvOps.policy.permissions` is denied to everyone.
 *
 * @public
 */
export type Audience = 'signed-in' | 'owners' | 'platform' | 'nobody';

export const AUDIENCES: readonly Audience[] = ['signed-in', 'owners', 'platform', 'nobody'];

/**
 * The decision for every permission the GSV Backstage's plugins register (catalog, scaffolder, Kubernetes, GSV Ops).
 * `packages/backend/permission-decisions.md` is this table evaluated against the composed backend; its test fails
 * when a plugin registers a permission that is not decided here.
 */
export const DEFAULT_DECISIONS: Readonly<Record<string, Audience>> = {
  // The catalog keeps Backstage's usual self-service: everyone reads and registers; removing is the platform's.
  'catalog.entity.read': 'signed-in',
  'catalog.entity.create': 'signed-in',
  'catalog.entity.refresh': 'signed-in',
  'catalog.entity.validate': 'signed-in',
  'catalog.entity.delete': 'platform',
  'catalog.location.read': 'signed-in',
  'catalog.location.create': 'signed-in',
  'catalog.location.analyze': 'signed-in',
  'catalog.location.delete': 'platform',
  // Entity providers' ingestion state and controls.
  'catalog.ingestion.read': 'platform',
  'catalog.ingestion.manage': 'platform',

  // The scaffolder: everyone runs templates; every GSV runbook action checks the runbook permission again in the
  // engine, with the task's user, so running a template grants nothing by itself.
  'scaffolder.action.execute': 'signed-in',
  'scaffolder.template.parameter.read': 'signed-in',
  'scaffolder.template.step.read': 'signed-in',
  'scaffolder.task.create': 'signed-in',
  'scaffolder.task.read': 'signed-in',
  'scaffolder.task.cancel': 'signed-in',
  // The template editor: the platform team curates the runbook templates.
  'scaffolder.template.management': 'platform',
  'scaffolder.template.dry-run': 'platform',

  // The official Kubernetes plugin: reads for everyone. Its proxy forwards any request, writes included, with the
  // plugin's cluster identity and without GSV Ops' guards: only the platform team by default (gsvOps.policy.permissions).
  'kubernetes.clusters.read': 'signed-in',
  'kubernetes.resources.read': 'signed-in',
  'kubernetes.proxy': 'platform',

  // GSV Ops: everyone reads; owners operate their own entities outside production; production is the platform's.
  'gsv-ops.entity.read': 'signed-in',
  'gsv-ops.platform.read': 'signed-in',
  'gsv-ops.deployment.restart': 'owners',
  'gsv-ops.deployment.scale': 'owners',
  'gsv-ops.deployment.rollback': 'owners',
  'gsv-ops.deployment.set-resources': 'owners',
  'gsv-ops.autoscaler.scale': 'owners',
  'gsv-ops.image.promote': 'owners',
  'gsv-ops.pooler.configure': 'owners',
  'gsv-ops.database.backup': 'owners',
  'gsv-ops.database.migrate': 'owners',
  'gsv-ops.database.maintain': 'owners',
  'gsv-ops.diagnostics.run': 'owners',
  'gsv-ops.database.switchover': 'owners',
  'gsv-ops.database.restore': 'owners',
  'gsv-ops.database.scale': 'owners',
  'gsv-ops.certificate.renew': 'owners',
  'gsv-ops.secret.rotate': 'owners',
  'gsv-ops.application.sync': 'owners',
  'gsv-ops.workload.cleanup': 'owners',
  'gsv-ops.maintenance-window.override': 'owners',
  'gsv-ops.production.operate': 'platform',
  // Approvals: the approval's group (gsvOps.operations.approvals) decides who approves; the engine checks membership
  // and that the approver is not the requester. A policy can narrow this further.
  'gsv-ops.operation.approve': 'signed-in',
  // Logs can carry what a service should not show everyone: its owners and the platform team.
  'gsv-ops.logs.read': 'owners',
  // Vulnerabilities and what a service account may do are a map for an attacker: owners and the platform team.
  'gsv-ops.security.read': 'owners',
  // Incidents: the owners of a service declare, update and resolve its incidents (and the platform team).
  'gsv-ops.incident.manage': 'owners',
};
