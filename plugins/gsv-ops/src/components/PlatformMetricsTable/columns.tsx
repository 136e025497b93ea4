import { Link, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PlatformServiceMetrics } from '@gsv/plugin-gsv-ops-common';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { entityRefLabel } from '../../lib/entityRefs';
import {
  formatMetricValue,
  KEY_METRICS,
  RECOMMENDATION_LABELS,
  thresholdsText,
} from '../../lib/metrics';
import { LevelStatus } from '../LevelStatus';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
  service: { fontWeight: 500 },
  // under the name, aligned with it (past the level icon)
  where: { color: theme.palette.text.secondary, paddingLeft: 26 },
  recommendations: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.25),
  },
}));

const nowrap = { whiteSpace: 'nowrap' as const };
/** Seven metric columns side by side: less padding than the table's default. */
const compact = { ...nowrap, paddingLeft: 8, paddingRight: 8 };

/** A service in one cluster, with the table's row id. */
export type PlatformMetricsRow = PlatformServiceMetrics & { id: string };
type Row = PlatformMetricsRow;

/** The service (its worst level, linked to its Ops tab on this cluster) and the cluster under it. */
const ServiceCell = ({ row }: { row: Row }) => {
  const classes = useStyles();
  const opsTabLink = useOpsTabLink();
  const label = row.title ?? entityRefLabel(row.entityRef);
  return (
    <>
      <LevelStatus level={row.level}>
        <Link
          to={opsTabLink(row.entityRef, row.cluster)}
          className={classes.service}
          data-testid="metrics-service-link"
        >
          {label}
        </Link>
      </LevelStatus>
      <Typography
        variant="caption"
        component="div"
        className={classes.where}
        data-testid="metrics-service-cluster"
      >
        {row.cluster} · {row.environment}
      </Typography>
    </>
  );
};

const MetricCell = ({
  row,
  id,
  needs,
}: {
  row: Row;
  id: string;
  needs: string;
}) => {
  const classes = useStyles();
  const metric = row.metrics.find(m => m.id === id);
  if (!metric) {
    return (
      <span
        className={classes.secondary}
        title={`Not measured: needs ${needs}`}
      >
        —
      </span>
    );
  }
  const value = formatMetricValue(metric.value, metric.unit);
  return (
    <LevelStatus
      level={metric.value === undefined ? 'unknown' : metric.level}
      title={`${metric.reason}. ${thresholdsText(
        metric.thresholds,
        metric.unit,
      )}.`}
    >
      <span data-testid={`platform-metric-${id}`}>{value ?? 'no data'}</span>
    </LevelStatus>
  );
};

const AlertsCell = ({ row }: { row: Row }) => {
  const classes = useStyles();
  return row.firingAlerts > 0 ? (
    <LevelStatus level="warning">
      <span data-testid="platform-alerts">{row.firingAlerts} firing</span>
    </LevelStatus>
  ) : (
    <span className={classes.secondary} data-testid="platform-alerts">
      none
    </span>
  );
};

const RecommendationsCell = ({ row }: { row: Row }) => {
  const classes = useStyles();
  return row.recommendations.length > 0 ? (
    <div
      className={classes.recommendations}
      data-testid="platform-recommendations"
    >
      {row.recommendations.map(id => (
        <span key={id}>{RECOMMENDATION_LABELS[id] ?? id}</span>
      ))}
    </div>
  ) : (
    <span className={classes.secondary}>—</span>
  );
};

/**
 * The service, the seven key metrics, the firing alerts and the recommendations; new objects on each call, as the
 * table keeps its own state in them.
 */
export const platformMetricsColumns = (): TableColumn<Row>[] => [
  {
    title: 'Service',
    cellStyle: nowrap,
    render: row => <ServiceCell row={row} />,
  },
  ...KEY_METRICS.map(
    ({ id, title, short, needs }): TableColumn<Row> => ({
      title: <span title={title}>{short}</span>,
      cellStyle: compact,
      headerStyle: compact,
      render: row => <MetricCell row={row} id={id} needs={needs} />,
    }),
  ),
  {
    title: 'Alerts',
    cellStyle: nowrap,
    render: row => <AlertsCell row={row} />,
  },
  {
    title: 'Recommendations',
    render: row => <RecommendationsCell row={row} />,
  },
];
