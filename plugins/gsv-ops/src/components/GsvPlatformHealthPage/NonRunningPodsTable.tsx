import type { PodView } from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';
import { RelativeTime } from '../RelativeTime';
import { clusterColumn, levelColumn, nowrap, serviceColumn } from './columns';
import { ObjectName } from './ObjectName';
import { PlatformTable, platformRows, worstRowFirst } from './PlatformTable';
import type { PlatformCheckProps, PlatformTableRow } from './PlatformTable';

type PodRow = PlatformTableRow<PodView>;

/** Every pod that is neither Running nor Completed, worst first. */
export const NonRunningPodsTable = ({ view }: PlatformCheckProps) => (
  <PlatformTable<PodRow>
    testId="non-running-pods"
    title="Pods not running"
    subtitle="Every pod that is neither Running nor Completed"
    truncatedTotal={view.truncated?.nonRunningPods}
    data={platformRows(view.nonRunningPods, namespacedName).sort(worstRowFirst)}
    empty="All pods are running"
    columns={[
      levelColumn(
        'Status',
        row => row.item.level,
        row => row.item.status,
      ),
      {
        title: 'Pod',
        width: '30%',
        render: row => (
          <ObjectName
            name={row.item.name}
            namespace={row.item.namespace}
            extra={row.item.nodeName}
          />
        ),
      },
      clusterColumn(),
      serviceColumn(),
      {
        title: 'Ready',
        cellStyle: nowrap,
        render: row =>
          `${row.item.readyContainers}/${row.item.totalContainers}`,
      },
      {
        title: 'Restarts',
        cellStyle: nowrap,
        render: row => row.item.restarts,
        align: 'right',
      },
      {
        title: 'Age',
        cellStyle: nowrap,
        render: row => <RelativeTime value={row.item.createdAt} />,
      },
    ]}
  />
);
