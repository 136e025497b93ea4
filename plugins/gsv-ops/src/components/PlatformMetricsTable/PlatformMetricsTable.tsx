import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import type {
  PlatformMetricsView,
  PlatformServiceMetrics,
} from '@gsv/plugin-gsv-ops-common';
import { usePlatformMetrics } from '../../hooks/useEntityMetrics';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { entityRefLabel } from '../../lib/entityRefs';
import { errorMessage, isPermissionDenied } from '../../lib/errors';
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
  errors: { marginBottom: theme.spacing(2) },
  recommendations: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.25),
  },
}));

const SOURCE_NAMES = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  configuration: 'configuration',
} as const;

const nowrap = { whiteSpace: 'nowrap' as const };
/** Seven metric columns side by side: less padding than the table's default. */
const compact = { ...nowrap, paddingLeft: 8, paddingRight: 8 };

type Row = PlatformServiceMetrics & { id: string };

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

export interface PlatformMetricsContentProps {
  view: PlatformMetricsView;
}

/** The key metrics of every service (one row per service and cluster), worst first, each row linking to its Ops tab. */
export const PlatformMetricsContent = ({
  view,
}: PlatformMetricsContentProps) => {
  const classes = useStyles();
  const data: Row[] = view.services.map(service => ({
    ...service,
    id: `${service.entityRef}@${service.cluster}`,
  }));
  const columns: TableColumn<Row>[] = [
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
      render: row =>
        row.firingAlerts > 0 ? (
          <LevelStatus level="warning">
            <span data-testid="platform-alerts">{row.firingAlerts} firing</span>
          </LevelStatus>
        ) : (
          <span className={classes.secondary} data-testid="platform-alerts">
            none
          </span>
        ),
    },
    {
      title: 'Recommendations',
      render: row =>
        row.recommendations.length > 0 ? (
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
        ),
    },
  ];

  return (
    <div data-testid="platform-metrics">
      {view.errors.length > 0 && (
        <Alert
          severity="warning"
          className={classes.errors}
          data-testid="platform-metrics-errors"
        >
          {view.errors.slice(0, 5).map((error, i) => (
            <div key={i}>
              {error.cluster}, {SOURCE_NAMES[error.source]}: {error.message}
            </div>
          ))}
          {view.errors.length > 5 && (
            <div>… and {view.errors.length - 5} more</div>
          )}
        </Alert>
      )}
      <Table<Row>
        title="Key metrics per service"
        subtitle="Ops guide §1.2 per service and cluster, worst first; each row opens the service's Ops tab"
        options={{
          paging: data.length > 20,
          pageSize: 20,
          search: false,
          padding: 'dense',
          draggable: false,
          sorting: false,
          toolbar: true,
          tableLayout: 'auto',
        }}
        columns={columns}
        data={data}
        emptyContent={
          <Typography
            variant="body2"
            style={{ padding: 16 }}
            data-testid="platform-metrics-empty"
          >
            No service has key metrics yet: configure{' '}
            <code>gsvOps.clusters.&lt;cluster&gt;.prometheus.baseUrl</code> in
            the backend and annotate services with{' '}
            <code>gsv.io/prometheus-job</code>.
          </Typography>
        }
      />
    </div>
  );
};

/** The platform page's key metrics section: loading, refused and failing states around {@link PlatformMetricsContent}. */
export const PlatformMetricsTable = () => {
  const metrics = usePlatformMetrics();
  if (metrics.value) return <PlatformMetricsContent view={metrics.value} />;
  if (metrics.error) {
    return (
      <InfoCard title="Key metrics per service">
        <Alert
          severity={isPermissionDenied(metrics.error) ? 'info' : 'error'}
          data-testid="platform-metrics-failed"
          action={
            isPermissionDenied(metrics.error) ? undefined : (
              <Button color="inherit" size="small" onClick={metrics.retry}>
                Try again
              </Button>
            )
          }
        >
          {isPermissionDenied(metrics.error)
            ? 'You may not read the platform metrics (gsv-ops.platform.read).'
            : `Could not load the key metrics: ${errorMessage(metrics.error)}`}
        </Alert>
      </InfoCard>
    );
  }
  return (
    <InfoCard title="Key metrics per service">
      <div aria-busy="true" data-testid="platform-metrics-loading">
        {[0, 1, 2].map(i => (
          <Skeleton key={i} variant="text" height={32} />
        ))}
      </div>
    </InfoCard>
  );
};
