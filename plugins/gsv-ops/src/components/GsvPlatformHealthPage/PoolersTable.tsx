import Typography from '@material-ui/core/Typography';
import type {
  Level,
  PlatformHealthView,
  PlatformRow,
  PoolerView,
} from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';
import { POOLER_TYPE_TEXT, poolerLevel } from '../../lib/poolers';
import { levelColumn, nowrap, objectColumn, serviceColumn } from './columns';
import { PlatformTable, platformRows, worstRowFirst } from './PlatformTable';
import type { PlatformCheckProps, PlatformTableRow } from './PlatformTable';

type PoolerRow = PlatformTableRow<PoolerView & { level: Level }>;

/** The poolers of every database row, on the database's cluster and service. */
export function platformPoolers(
  databases: PlatformHealthView['databases'],
): PlatformRow<PoolerView & { level: Level }>[] {
  return databases.flatMap(({ item, ...row }) =>
    (item.poolers ?? []).map(pooler => ({
      ...row,
      item: { ...pooler, level: poolerLevel(pooler) },
    })),
  );
}

/** Every CloudNativePG Pooler (PgBouncer) with its ready pods, pool mode and the database it fronts, worst first. */
export const PoolersTable = ({ view }: PlatformCheckProps) => (
  <PlatformTable<PoolerRow>
    testId="poolers"
    title="Connection poolers"
    subtitle="PgBouncer in front of the databases"
    data={platformRows(platformPoolers(view.databases), namespacedName).sort(
      worstRowFirst,
    )}
    empty="No connection poolers"
    columns={[
      levelColumn(
        'PgBouncer pods',
        row => row.item.level,
        row =>
          `${row.item.readyInstances}/${row.item.instances} ready${
            row.item.paused ? ' · paused' : ''
          }`,
      ),
      objectColumn('Pooler'),
      {
        title: 'Database',
        render: ({ item }) => (
          <>
            {item.cluster}
            <Typography variant="caption" component="div" color="textSecondary">
              {POOLER_TYPE_TEXT[item.type]}
            </Typography>
          </>
        ),
      },
      {
        title: 'Pool mode',
        cellStyle: nowrap,
        render: row => row.item.poolMode,
      },
      serviceColumn(),
    ]}
  />
);
