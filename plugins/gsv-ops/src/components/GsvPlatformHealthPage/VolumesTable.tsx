import type { PvcView } from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';
import { UsageBar } from '../UsageBar';
import { objectColumn, serviceColumn } from './columns';
import { PlatformTable, platformRows } from './PlatformTable';
import type { PlatformCheckProps, PlatformTableRow } from './PlatformTable';

/** Every persistent volume claim by usage, fullest first (the backend's order). */
export const VolumesTable = ({ view }: PlatformCheckProps) => (
  <PlatformTable<PlatformTableRow<PvcView>>
    testId="pvcs"
    title="Volumes by usage"
    subtitle="Fullest first"
    truncatedTotal={view.truncated?.pvcs}
    data={platformRows(view.pvcs, namespacedName)}
    empty="No persistent volumes"
    columns={[
      {
        title: 'Usage',
        render: ({ item }) => (
          <UsageBar
            usedBytes={item.usedBytes}
            capacityBytes={item.capacityBytes}
            usedRatio={item.usedRatio}
            level={item.level}
          />
        ),
      },
      objectColumn('Volume'),
      serviceColumn(),
    ]}
  />
);
