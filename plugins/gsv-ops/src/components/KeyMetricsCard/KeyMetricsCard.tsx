import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import type { EntityMetricsView } from '@gsv/plugin-gsv-ops-common';
import { KEY_METRICS, metricError } from '../../lib/metrics';
import { MetricsProblems } from './MetricsProblems';
import { MetricTile } from './MetricTile';
import { NotMeasuredTile } from './NotMeasuredTile';

const useStyles = makeStyles(theme => ({
  // the seven metrics in one row on wide screens, in even rows below
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: theme.spacing(1.5),
    [theme.breakpoints.up('sm')]: {
      gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    },
    [theme.breakpoints.up('md')]: {
      gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
    },
    [theme.breakpoints.up('lg')]: {
      gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
    },
  },
}));

export interface KeyMetricsCardProps {
  view: EntityMetricsView;
  /** e.g. "as of 10 s ago", the refresh state. */
  freshness?: ReactNode;
}

/**
 * The ops guide's §1.2 key metrics of a service in one cluster: value, level (icon and words), the last hour as a
 * sparkline, thresholds, and the PromQL behind each. No data is shown as no data, never as 0. Prometheus and
 * configuration errors are shown above the metrics that still came through.
 */
export const KeyMetricsCard = ({ view, freshness }: KeyMetricsCardProps) => {
  const classes = useStyles();
  const byId = new Map(view.metrics.map(m => [m.id, m]));
  const known = new Set(KEY_METRICS.map(m => m.id));
  // Any metric the backend adds beyond the seven comes last.
  const extra = view.metrics.filter(m => !known.has(m.id));
  const tile = (metric: EntityMetricsView['metrics'][number]) => (
    <MetricTile
      key={metric.id}
      metric={metric}
      error={metricError(view, metric)}
      cluster={view.cluster}
    />
  );
  return (
    <InfoCard
      title="Key metrics"
      subheader={
        // one element: the card lays its subheader out as flex items, which would drop the spaces between them
        <span>
          Ops guide §1.2 · {view.cluster} ({view.environment}) · last hour
          {freshness && (
            <>
              {' · '}
              {freshness}
            </>
          )}
        </span>
      }
    >
      <MetricsProblems view={view} />
      <div className={classes.tiles} data-testid="key-metrics">
        {KEY_METRICS.map(({ id, title, needs }) => {
          const metric = byId.get(id);
          return metric ? (
            tile(metric)
          ) : (
            <NotMeasuredTile key={id} title={title} needs={needs} />
          );
        })}
        {extra.map(tile)}
      </div>
    </InfoCard>
  );
};
