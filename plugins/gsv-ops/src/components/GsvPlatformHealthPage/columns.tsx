import { ReactNode } from 'react';
import { TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { Level } from '@gsv/plugin-gsv-ops-common';
import { LevelStatus } from '../LevelStatus';
import { ObjectName } from './ObjectName';
import type { PlatformTableRow } from './PlatformTable';
import { ServiceLink } from './ServiceLink';

/** Short cells (statuses, counts, times) never wrap. */
export const nowrap = { whiteSpace: 'nowrap' as const };

/** A level as icon and words (the level's name when `text` is not given), on one line. */
export const levelColumn = <R extends object>(
  title: string,
  level: (row: R) => Level,
  text?: (row: R) => ReactNode,
  tooltip?: (row: R) => string | undefined,
): TableColumn<R> => ({
  title,
  cellStyle: nowrap,
  render: row => (
    <LevelStatus level={level(row)} title={tooltip?.(row)}>
      {text?.(row)}
    </LevelStatus>
  ),
});

/** The service that owns the row, linked to its Ops tab on the row's cluster. */
export const serviceColumn = <T,>(): TableColumn<PlatformTableRow<T>> => ({
  title: 'Service',
  field: 'entityRef',
  render: row => (
    <ServiceLink entityRef={row.entityRef} cluster={row.cluster} />
  ),
});

/** The row's cluster, with its environment under it. */
export const clusterColumn = <T,>(): TableColumn<PlatformTableRow<T>> => ({
  title: 'Cluster',
  cellStyle: nowrap,
  field: 'cluster',
  render: row => (
    <>
      {row.cluster}
      <Typography variant="caption" component="div" color="textSecondary">
        {row.environment}
      </Typography>
    </>
  ),
});

/** The row's object by name, with its namespace and cluster under it. */
export const objectColumn = <T extends { name: string; namespace?: string }>(
  title: string,
): TableColumn<PlatformTableRow<T>> => ({
  title,
  render: row => (
    <ObjectName
      name={row.item.name}
      namespace={row.item.namespace}
      extra={row.cluster}
    />
  ),
});
