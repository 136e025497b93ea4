import type {
  DatabaseMaintenanceResult,
  RunbookParameters,
} from '@gsv/plugin-gsv-ops-common';
import { jobFromDatabase, jobNameOf } from '../jobs/jobManifest';
import type { JobsConfig } from '../jobs/jobsConfig';
import { runJob } from '../jobs/runJob';
import { RESOURCES } from '../kube/resources';
import { BLOAT_QUERY, describeBloat, parseBloatReport } from './bloatReport';
import { conditionOf } from './cnpg';
import type { Runbook } from './types';

type Params = RunbookParameters<'database-maintenance'>;

/** A table name the schema allows (`schema.table`), quoted as an identifier. */
function quotedTable(table: string): string {
  return table
    .split('.')
    .map(part => `"${part}"`)
    .join('.');
}

/** The psql command line: VACUUM (ANALYZE) first for vacuum-analyze, then the bloat report as CSV. */
export function maintenanceCommand(
  params: Pick<Params, 'operation' | 'table'>,
): string {
  const vacuum =
    params.operation === 'vacuum-analyze'
      ? ` -c 'VACUUM (ANALYZE)${
          params.table ? ` ${quotedTable(params.table)}` : ''
        }'`
      : '';
  return `psql -X -v ON_ERROR_STOP=1${vacuum} --csv -c '${BLOAT_QUERY}'`;
}

/**
 * Ops guide 7.3 without `kubectl exec` into the primary: psql in a Job from the database's own image, connected to
 * `<cluster>-rw` with the app Secret's credentials (secretKeyRef; the backend never reads them). bloat-report reads
 * pg_stat_user_tables; vacuum-analyze runs VACUUM (ANALYZE) on the database or one table, then reports again.
 */
export const databaseMaintenance: Runbook<'database-maintenance'> = {
  id: 'database-maintenance',
  target: p => ({
    kind: 'Cluster',
    namespace: p.namespace,
    name: p.cluster,
    targetKind: 'database',
  }),
  readOnly: p => p.operation === 'bloat-report',

  async preflight({ params, kube }) {
    const cluster = await kube.get(
      RESOURCES.cnpgCluster,
      params.namespace,
      params.cluster,
    );
    const ready = conditionOf(cluster, 'Ready');
    const notes = [
      `psql with image ${
        cluster.status?.image ?? cluster.spec?.imageName ?? '(none)'
      } on ${params.cluster}-rw`,
    ];
    if (ready?.status !== 'True')
      notes.push(
        `the cluster is not Ready (${
          ready?.message ?? cluster.status?.phase ?? 'no status'
        }): psql may not connect`,
      );
    return { notes };
  },

  async run(ctx) {
    const { namespace, cluster: name, operation, table } = ctx.params;
    const where = `${namespace}/${name}`;
    const cluster = await ctx.step(
      'read',
      `Reading cluster ${where}`,
      async () => ctx.kube.get(RESOURCES.cnpgCluster, namespace, name),
    );
    const identity = {
      operationId: ctx.operationId,
      runbook: 'database-maintenance',
      purpose: operation === 'vacuum-analyze' ? 'vacuum' : 'bloat',
    };
    const configured = ctx.facts.jobs as JobsConfig;
    const settings = {
      ...configured,
      activeDeadlineSeconds: Math.min(
        ctx.params.timeoutSeconds,
        configured.activeDeadlineSeconds,
      ),
    };
    const command = maintenanceCommand(ctx.params);
    const what =
      operation === 'vacuum-analyze'
        ? `run VACUUM (ANALYZE) on ${table ?? 'the database'}`
        : 'report dead tuples per table';
    const ran = await runJob(
      ctx,
      jobFromDatabase(cluster, { ...identity, command, settings }),
      what,
    );
    if (!ran) {
      return {
        summary: `Dry run: would ${what} of ${where} with psql as Job ${namespace}/${jobNameOf(
          name,
          identity,
        )}`,
        result: { operation, command },
      };
    }
    const tables = parseBloatReport(ran.log) ?? [];
    const result: DatabaseMaintenanceResult = {
      operation,
      ...(operation === 'vacuum-analyze' && table ? { vacuumed: table } : {}),
      tables,
    };
    const summary =
      operation === 'vacuum-analyze'
        ? `VACUUM (ANALYZE) on ${
            table ?? 'every table'
          } of ${where}; afterwards ${describeBloat(tables)}`
        : `Bloat report of ${where}: ${describeBloat(tables)}`;
    return { summary, result: { ...result, job: ran.job } };
  },
};
