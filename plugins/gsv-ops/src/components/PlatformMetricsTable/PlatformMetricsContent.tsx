import { Table } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { PlatformMetricsView } from '@gsv/plugin-gsv-ops-common';
import { platformMetricsColumns, PlatformMetricsRow } from './columns';

const useStyles = makeStyles(theme => ({
  errors: { marginBottom: theme.spacing(2) },
}));

const SOURCE_NAMES = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  configuration: 'configuration',
} as const;

/** What the backend could not read, by cluster and source: the first five, then how many more. */
const PlatformMetricsErrors = ({
  errors,
}: {
  errors: PlatformMetricsView['errors'];
}) => {
  const classes = useStyles();
  if (errors.length === 0) return null;
  return (
    <Alert
      severity="warning"
      className={classes.errors}
      data-testid="platform-metrics-errors"
    >
      {errors.slice(0, 5).map((error, i) => (
        <div key={i}>
          {error.cluster}, {SOURCE_NAMES[error.source]}: {error.message}
        </div>
      ))}
      {errors.length > 5 && <div>… and {errors.length - 5} more</div>}
    </Alert>
  );
};

export interface PlatformMetricsContentProps {
  view: PlatformMetricsView;
}

/** The key metrics of every service (one row per service and cluster), worst first, each row linking to its Ops tab. */
export const PlatformMetricsContent = ({
  view,
}: PlatformMetricsContentProps) => {
  const data: PlatformMetricsRow[] = view.services.map(service => ({
    ...service,
    id: `${service.entityRef}@${service.cluster}`,
  }));
  return (
    <div data-testid="platform-metrics">
      <PlatformMetricsErrors errors={view.errors} />
      <Table<PlatformMetricsRow>
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
        columns={platformMetricsColumns()}
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
