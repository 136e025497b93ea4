import type { DatabaseView } from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';
import { backupAgeText } from '../../lib/backups';
import { walArchiving } from '../../lib/statusLevels';
import { levelColumn, nowrap, objectColumn, serviceColumn } from './columns';
import { PlatformTable, platformRows, worstRowFirst } from './PlatformTable';
import type { PlatformCheckProps, PlatformTableRow } from './PlatformTable';

type DatabaseRow = PlatformTableRow<DatabaseView>;

/** Every CloudNativePG cluster with its instances, last backup and WAL archiving, worst first. */
export const DatabasesTable = ({ view }: PlatformCheckProps) => (
  <PlatformTable<DatabaseRow>
    testId="databases"
    title="Databases and backups"
    data={platformRows(view.databases, namespacedName).sort(worstRowFirst)}
    empty="No databases"
    columns={[
      levelColumn('Status', row => row.item.level),
      objectColumn('Database'),
      {
        title: 'Instances',
        cellStyle: nowrap,
        render: row => `${row.item.readyInstances}/${row.item.instances} ready`,
      },
      {
        title: 'Last backup',
        render: row => backupAgeText(row.item) ?? 'none',
      },
      levelColumn(
        'WAL archiving',
        row => walArchiving(row.item.walArchiving.status).level,
        row => walArchiving(row.item.walArchiving.status).text,
      ),
      serviceColumn(),
    ]}
  />
);
