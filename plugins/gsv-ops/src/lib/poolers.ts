import type { Level, PoolerView } from '@gsv/plugin-gsv-ops-common';

/** A pooler with no ready PgBouncer pod cuts its applications off (critical); with some missing, it runs short (warning). */
export function poolerLevel(
  pooler: Pick<PoolerView, 'instances' | 'readyInstances'>,
): Level {
  if (pooler.instances > 0 && pooler.readyInstances === 0) return 'critical';
  return pooler.readyInstances < pooler.instances ? 'warning' : 'ok';
}

/** The cluster service a pooler forwards to. */
export const POOLER_TYPE_TEXT: Record<PoolerView['type'], string> = {
  rw: 'to the primary (rw)',
  ro: 'to the replicas (ro)',
  r: 'to any instance (r)',
};
