import type { ApplicationView } from '@gsv/plugin-gsv-ops-common';
import { namespacedName, shortRevision } from '../../lib/format';
import { argoHealthLevel, argoSyncLevel } from '../../lib/statusLevels';
import { levelColumn, nowrap, serviceColumn } from './columns';
import { ObjectName } from './ObjectName';
import { PlatformTable, platformRows, worstRowFirst } from './PlatformTable';
import type { PlatformCheckProps, PlatformTableRow } from './PlatformTable';
import { usePlatformStyles } from './styles';

type ApplicationRow = PlatformTableRow<ApplicationView>;

const needsAttention = (app: ApplicationView) =>
  app.level !== 'ok' ||
  app.syncStatus !== 'Synced' ||
  app.healthStatus !== 'Healthy';

/** The Argo CD applications that are out of sync or unhealthy, worst first. */
export const ApplicationsTable = ({ view }: PlatformCheckProps) => {
  const classes = usePlatformStyles();
  const applications = view.applications.filter(a => needsAttention(a.item));
  return (
    <PlatformTable<ApplicationRow>
      testId="applications"
      title="Argo CD applications out of sync or unhealthy"
      data={platformRows(applications, namespacedName).sort(worstRowFirst)}
      empty="All applications are synced and healthy"
      columns={[
        {
          title: 'Application',
          render: row => (
            <ObjectName name={row.item.name} namespace={row.item.project} />
          ),
        },
        levelColumn(
          'Sync',
          row => argoSyncLevel(row.item.syncStatus),
          row => row.item.syncStatus,
        ),
        levelColumn(
          'Health',
          row => argoHealthLevel(row.item.healthStatus),
          row => row.item.healthStatus,
          row => row.item.healthMessage,
        ),
        {
          title: 'Revision',
          cellStyle: nowrap,
          render: row => (
            <span className={classes.mono}>
              {shortRevision(row.item.revision) ?? '—'}
            </span>
          ),
        },
        serviceColumn(),
      ]}
    />
  );
};
