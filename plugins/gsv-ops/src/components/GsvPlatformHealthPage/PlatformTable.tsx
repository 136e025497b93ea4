import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type {
  Level,
  PlatformHealthView,
  PlatformRow,
} from '@gsv/plugin-gsv-ops-common';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import { LevelStatus } from '../LevelStatus';

/** What every check of the platform page gets: the whole platform view. */
export interface PlatformCheckProps {
  view: PlatformHealthView;
}

/** A row of a platform table: the row's object plus where it lives and which service owns it. */
export type PlatformTableRow<T> = {
  id: string;
  cluster: string;
  environment: string;
  entityRef?: string;
  item: T;
};

/** The table rows of a section of the platform view, each with an id made of its cluster and `key`. */
export const platformRows = <T,>(
  items: PlatformRow<T>[],
  key: (item: T) => string,
) =>
  items.map(
    (row): PlatformTableRow<T> => ({
      id: `${row.cluster}/${key(row.item)}`,
      ...row,
    }),
  );

/** Worst level first, then by cluster, namespace and name. */
export const worstRowFirst = worstFirst<{ id: string; item: { level: Level } }>(
  row => row.item.level,
  (a, b) => a.id.localeCompare(b.id),
);

const tableOptions = {
  search: false,
  padding: 'dense' as const,
  draggable: false,
  toolbar: true,
  // size columns by their content: statuses stay on one line, messages take the room
  tableLayout: 'auto' as const,
  pageSize: 15,
  pageSizeOptions: [15, 50, 100],
};

export interface PlatformTableProps<T extends object> {
  testId: string;
  title: string;
  subtitle?: string;
  /** How many rows the section had before the backend cut it to `data`. */
  truncatedTotal?: number;
  data: T[];
  columns: TableColumn<T>[];
  /** The healthy words shown when there are no rows. */
  empty: string;
}

/**
 * One section of the platform page: a titled table, paged above 15 rows, with its healthy words when it is empty.
 * When the backend cut the section, the subtitle says so ("showing the first 500 of 1204").
 */
export const PlatformTable = <T extends object>({
  testId,
  title,
  subtitle,
  truncatedTotal,
  data,
  columns,
  empty,
}: PlatformTableProps<T>) => (
  <div data-testid={testId}>
    <Table<T>
      title={title}
      subtitle={
        truncatedTotal !== undefined && truncatedTotal > data.length
          ? `showing the first ${data.length} of ${truncatedTotal}`
          : subtitle
      }
      options={{ ...tableOptions, paging: data.length > 15 }}
      columns={columns}
      data={data}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          <LevelStatus level="ok">{empty}</LevelStatus>
        </Typography>
      }
    />
  </div>
);
