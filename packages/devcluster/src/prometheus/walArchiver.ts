import type { KubeObject } from '../api/types';
import { objectStoreOf } from '../controllers/cnpg/cnpgObjects';
import type { SimulationState } from '../simulation/SimulationState';
import type { Labels } from './promql';
import type { Tsdb } from './Tsdb';

/** A busy primary fills (and archives) a 16 MB WAL segment about once a minute. */
export const WAL_SEGMENT_INTERVAL_MS = 60_000;
/** PostgreSQL retries a failing archive_command every few seconds. */
const ARCHIVE_RETRY_MS = 10_000;
const NEVER = -1;

/**
 * CloudNativePG's pg_stat_archiver metrics of one cluster's instances, in epoch seconds: on the primary, the last
 * archived segment follows the cluster clock while its ObjectStore works and stays where it was once the store is
 * broken (the last failure then follows the clock); replicas do not archive and report -1, as the exporter does.
 */
export function scrapeWalArchiver(options: {
  cluster: KubeObject;
  instances: KubeObject[];
  simulation: SimulationState;
  tsdb: Tsdb;
  now: number;
}): void {
  const { cluster, instances, simulation, tsdb, now } = options;
  const namespace = cluster.metadata.namespace ?? '';
  const store = objectStoreOf(cluster);
  const broken = store ? simulation.brokenObjectStores.has(`${namespace}/${store.name}`) : false;
  for (const pod of instances) {
    const base = { namespace, pod: pod.metadata.name ?? '' };
    const archivedLabels: Labels = { __name__: 'cnpg_pg_stat_archiver_last_archived_time', ...base };
    const failedLabels: Labels = { __name__: 'cnpg_pg_stat_archiver_last_failed_time', ...base };
    const primary = pod.metadata.labels?.['cnpg.io/instanceRole'] === 'primary';
    let archived = NEVER;
    let failed = tsdb.latest(failedLabels)?.v ?? NEVER;
    if (primary && store && !broken) {
      archived = Math.floor(now / WAL_SEGMENT_INTERVAL_MS) * (WAL_SEGMENT_INTERVAL_MS / 1000);
    } else if (primary && store) {
      const previous = tsdb.latest(archivedLabels)?.v ?? NEVER;
      archived = previous > 0 ? previous : failingSince(cluster) ?? NEVER;
      failed = Math.floor(now / ARCHIVE_RETRY_MS) * (ARCHIVE_RETRY_MS / 1000);
    }
    tsdb.append(archivedLabels, now, archived);
    tsdb.append(failedLabels, now, primary ? failed : NEVER);
  }
}

/** When the ContinuousArchiving condition turned False (the last success was just before), in epoch seconds. */
function failingSince(cluster: KubeObject): number | undefined {
  const condition = (cluster.status?.conditions ?? []).find(
    (c: { type: string; status: string }) => c.type === 'ContinuousArchiving' && c.status === 'False',
  );
  const time = Date.parse(condition?.lastTransitionTime ?? '');
  return Number.isFinite(time) ? Math.floor(time / 1000) : undefined;
}
