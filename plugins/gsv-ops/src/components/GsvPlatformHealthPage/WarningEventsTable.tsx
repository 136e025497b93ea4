import type { EventView } from '@gsv/plugin-gsv-ops-common';
import { RelativeTime } from '../RelativeTime';
import { levelColumn, nowrap, serviceColumn } from './columns';
import { ObjectName } from './ObjectName';
import { PlatformTable, platformRows } from './PlatformTable';
import type { PlatformCheckProps, PlatformTableRow } from './PlatformTable';

type EventRow = PlatformTableRow<EventView>;

const eventKey = (e: EventView) =>
  `${e.namespace}/${e.involvedObject.kind}/${e.involvedObject.name}/${e.reason}/${e.lastTimestamp}`;

/** The recent Warning events across clusters, most recent first (the backend's order). */
export const WarningEventsTable = ({ view }: PlatformCheckProps) => (
  <PlatformTable<EventRow>
    testId="warning-events"
    title="Recent warnings"
    subtitle="Most recent first"
    truncatedTotal={view.truncated?.warningEvents}
    data={platformRows(view.warningEvents, eventKey)}
    empty="No warning events"
    columns={[
      {
        title: 'Last seen',
        cellStyle: nowrap,
        render: row => (
          <RelativeTime
            value={row.item.lastTimestamp ?? row.item.firstTimestamp}
          />
        ),
      },
      levelColumn(
        'Reason',
        () => 'warning',
        row => row.item.reason,
      ),
      {
        title: 'Object',
        render: ({ item, cluster }) => (
          <ObjectName
            name={`${item.involvedObject.kind} ${item.involvedObject.name}`}
            namespace={item.namespace}
            extra={cluster}
          />
        ),
      },
      {
        title: 'Message',
        width: '40%',
        render: row => row.item.message,
        cellStyle: { overflowWrap: 'anywhere' },
      },
      {
        title: 'Count',
        cellStyle: nowrap,
        render: row => row.item.count,
        align: 'right',
      },
      serviceColumn(),
    ]}
  />
);
