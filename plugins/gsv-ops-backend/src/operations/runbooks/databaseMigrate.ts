import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { RunbookParameters } from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { jobFromDeployment, jobNameOf } from '../jobs/jobManifest';
import type { JobsConfig, MigrationsConfig } from '../jobs/jobsConfig';
import { runJob } from '../jobs/runJob';
import { RESOURCES } from '../kube/resources';
import type { Runbook } from './types';

type Params = RunbookParameters<'database-migrate'>;

/** On the catalog entity or the Deployment (which wins): the command that applies the migrations. */
export const MIGRATE_COMMAND_ANNOTATION = 'gsv.io/migrate-command';
/** Likewise, the command that lists them without applying. */
export const MIGRATE_PLAN_COMMAND_ANNOTATION = 'gsv.io/migrate-plan-command';

/** The command of a mode and where it comes from: the Deployment's annotation, the entity's, else the config. */
export function migrationCommand(
  mode: Params['mode'],
  sources: { deployment: KubeObject; entity?: Entity; config: MigrationsConfig },
): { command: string; source: string } {
  const annotation = mode === 'apply' ? MIGRATE_COMMAND_ANNOTATION : MIGRATE_PLAN_COMMAND_ANNOTATION;
  const onDeployment = sources.deployment.metadata.annotations?.[annotation]?.trim();
  if (onDeployment) return { command: onDeployment, source: `annotation ${annotation} of the deployment` };
  const onEntity = sources.entity?.metadata.annotations?.[annotation]?.trim();
  if (onEntity) return { command: onEntity, source: `annotation ${annotation} of the catalog entity` };
  const key = mode === 'apply' ? 'command' : 'planCommand';
  return { command: sources.config[key], source: `gsvOps.migrations.${key}` };
}

/** `manage.py showmigrations`: ` [ ] 0014_x` under the app `agents` → `agents.0014_x`, unapplied. */
export function parseShowMigrations(log: string[]): { applied: string[]; unapplied: string[] } {
  const applied: string[] = [];
  const unapplied: string[] = [];
  let app = '';
  for (const line of log) {
    const migration = /^\s*\[( |X|x)\]\s+(\S+)/.exec(line);
    if (!migration) {
      if (/^[A-Za-z_][\w.]*$/.test(line.trim()) && !/^\s/.test(line)) app = line.trim();
      continue;
    }
    const name = migration[2].includes('.') ? migration[2] : `${app}.${migration[2]}`;
    (migration[1] === ' ' ? unapplied : applied).push(name);
  }
  return { applied, unapplied };
}

/** `manage.py migrate`: the migrations it reported `Applying <app>.<name>... OK` for. */
export function parseMigrate(log: string[]): string[] {
  return log.flatMap(line => {
    const match = /^\s*Applying (\S+?)\.\.\. OK\b/.exec(line);
    return match ? [match[1]] : [];
  });
}

function listed(names: string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}

/**
 * Ops guide 4.4 without `kubectl exec`: runs the service's migration command (`showmigrations` for plan, `migrate`
 * for apply) as a Job built from its deployment's pod template, and reports the migrations listed or applied.
 */
export const databaseMigrate: Runbook<'database-migrate'> = {
  id: 'database-migrate',
  target: p => ({ kind: 'Deployment', namespace: p.namespace, name: p.deployment, targetKind: 'deployment' }),

  async preflight({ params, kube }) {
    const deployment = await kube.get(RESOURCES.deployment, params.namespace, params.deployment);
    const containers: Array<{ name: string; image: string }> = deployment.spec?.template?.spec?.containers ?? [];
    const container = params.container ? containers.find(c => c.name === params.container) : containers[0];
    if (!container) {
      const names = containers.map(c => c.name).join(', ');
      throw new InputError(
        `Deployment ${params.namespace}/${params.deployment} has no container '${params.container}'; it has: ${names}`,
      );
    }
    const does = params.mode === 'apply' ? 'applies the migrations' : 'lists the migrations (nothing is applied)';
    return { notes: [`${does} in a Job with image ${container.image}, configured as deployment ${params.deployment}`] };
  },

  async run(ctx) {
    const { namespace, deployment: name, mode, container } = ctx.params;
    const where = `${namespace}/${name}`;
    const { deployment, command } = await ctx.step('read', `Reading deployment ${where}`, async step => {
      const d = await ctx.kube.get(RESOURCES.deployment, namespace, name);
      const c = migrationCommand(mode, { deployment: d, entity: ctx.scope.entity, config: ctx.facts.migrations as MigrationsConfig });
      step.progress(`Command \`${c.command}\` (${c.source})`);
      return { deployment: d, command: c };
    });
    const identity = { operationId: ctx.operationId, runbook: 'database-migrate', purpose: mode === 'apply' ? 'migrate' : 'showmigrations' };
    // the request's timeout, within the platform's cap (gsvOps.operations.jobs.activeDeadlineSeconds)
    const configured = ctx.facts.jobs as JobsConfig;
    const settings = { ...configured, activeDeadlineSeconds: Math.min(ctx.params.timeoutSeconds, configured.activeDeadlineSeconds) };
    const job = jobFromDeployment(deployment, { ...identity, command: command.command, container, settings });
    const ran = await runJob(ctx, job, mode === 'apply' ? 'apply the migrations' : 'list the migrations');
    if (!ran) {
      return {
        summary: `Dry run: would run \`${command.command}\` as Job ${namespace}/${jobNameOf(name, identity)} with the image and configuration of deployment ${where}`,
        result: { mode, command: command.command },
      };
    }
    if (mode === 'plan') {
      const { applied, unapplied } = parseShowMigrations(ran.log);
      const summary = unapplied.length
        ? `${unapplied.length} migration${unapplied.length > 1 ? 's' : ''} not applied on ${where}: ${listed(unapplied)}; run the runbook with mode apply`
        : `All ${applied.length} migrations of ${where} are applied`;
      return { summary, result: { mode, command: command.command, job: ran.job, unapplied, appliedCount: applied.length, log: ran.log } };
    }
    const applied = parseMigrate(ran.log);
    return {
      summary: applied.length ? `Applied ${applied.length} migration${applied.length > 1 ? 's' : ''} on ${where}: ${listed(applied)}` : `No migrations to apply on ${where}`,
      result: { mode, command: command.command, job: ran.job, applied, log: ran.log },
    };
  },
};
