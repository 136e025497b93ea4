import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  GSV_OPS_ANNOTATIONS,
  type ClusterStatus,
} from '@gsv/plugin-gsv-ops-common';
import { useEntityMetrics } from '../../hooks/useEntityMetrics';
import {
  errorMessage,
  isNotFound,
  isPermissionDenied,
  isUnauthorized,
} from '../../lib/errors';
import { KEY_METRICS } from '../../lib/metrics';
import { AlertsCard } from '../AlertsCard';
import { KeyMetricsCard } from '../KeyMetricsCard';
import { RecommendationsCard } from '../RecommendationsCard';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  paper: { padding: theme.spacing(2), height: '100%' },
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: theme.spacing(1.5),
    marginTop: theme.spacing(2),
    [theme.breakpoints.up('md')]: {
      gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
    },
    [theme.breakpoints.up('lg')]: {
      gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
    },
  },
  inlineCode: { fontFamily: 'monospace', fontSize: '0.9em' },
  secondary: {
    color: theme.palette.text.secondary,
    marginTop: theme.spacing(1),
  },
  stale: { color: theme.palette.status.warning, fontWeight: 500 },
}));

/** The shape of the metrics cards while the first answer is on the way. */
export const MetricsSkeleton = () => {
  const classes = useStyles();
  return (
    <Grid
      container
      spacing={3}
      aria-busy="true"
      aria-label="Loading the key metrics"
      data-testid="metrics-skeleton"
    >
      <Grid item xs={12}>
        <Paper className={classes.paper}>
          <Skeleton variant="text" width={140} height={32} />
          <Skeleton variant="text" width={280} />
          <div className={classes.tiles}>
            {KEY_METRICS.map(metric => (
              <Skeleton key={metric.id} variant="rect" height={132} />
            ))}
          </div>
        </Paper>
      </Grid>
      {[0, 1].map(i => (
        <Grid item xs={12} md={6} key={i}>
          <Paper className={classes.paper}>
            <Skeleton variant="text" width={160} height={32} />
            <Skeleton variant="text" width="70%" />
            <Skeleton variant="text" width="55%" />
          </Paper>
        </Grid>
      ))}
    </Grid>
  );
};

/** No Prometheus for the cluster: say which configuration turns the metrics on. */
export const MetricsNotConfigured = ({ cluster }: { cluster: string }) => {
  const classes = useStyles();
  const key = `gsvOps.clusters.${cluster}`;
  return (
    <InfoCard
      title="Key metrics"
      subheader={`Not set up for ${cluster}: no Prometheus configured`}
    >
      <div data-testid="metrics-not-configured">
        <Typography variant="body2">
          The ops guide&apos;s key metrics, firing alerts and scaling
          recommendations appear here once the GSV Ops backend knows the
          Prometheus of {cluster}: set{' '}
          <span className={classes.inlineCode}>{key}.prometheus.baseUrl</span>{' '}
          (and{' '}
          <span className={classes.inlineCode}>{key}.alertmanager.baseUrl</span>{' '}
          for alerts) in the backend&apos;s app-config.
        </Typography>
        <Typography variant="body2" className={classes.secondary}>
          The service needs{' '}
          <span className={classes.inlineCode}>
            {GSV_OPS_ANNOTATIONS.prometheusJob}
          </span>{' '}
          for latency and errors, and{' '}
          <span className={classes.inlineCode}>
            {GSV_OPS_ANNOTATIONS.workerDeployment}
          </span>{' '}
          for the queue depth. The browser never talks to Prometheus: the
          backend queries it and shares the answers between viewers.
        </Typography>
      </div>
    </InfoCard>
  );
};

export interface EntityMetricsProps {
  entityRef: string;
  /** The cluster the tab shows (the cluster switch). */
  cluster: Pick<ClusterStatus, 'name' | 'environment'>;
  /** How often to ask while the tab is visible (default 20 s; the backend caches ~15 s). */
  pollIntervalMs?: number;
}

/**
 * The key metrics, firing alerts and recommendations of the service in the cluster the tab shows, polled while the
 * browser tab is visible. Renders grid items for the tab's grid.
 */
export const EntityMetrics = ({
  entityRef,
  cluster,
  pollIntervalMs,
}: EntityMetricsProps) => {
  const classes = useStyles();
  const metrics = useEntityMetrics(
    entityRef,
    cluster.name,
    pollIntervalMs ? { intervalMs: pollIntervalMs } : undefined,
  );
  const view = metrics.value;

  if (!view) {
    if (!metrics.error) {
      return (
        <Grid item xs={12}>
          <MetricsSkeleton />
        </Grid>
      );
    }
    let message: string;
    if (isPermissionDenied(metrics.error))
      message = 'You may not read the metrics of this service.';
    else if (isNotFound(metrics.error))
      message = `This service has nothing in ${cluster.name} to measure.`;
    else if (isUnauthorized(metrics.error))
      message = 'Your session expired: sign in again to see the metrics.';
    else message = `Could not load the metrics: ${errorMessage(metrics.error)}`;
    return (
      <Grid item xs={12}>
        <InfoCard title="Key metrics" subheader={cluster.name}>
          <Alert
            severity={isNotFound(metrics.error) ? 'info' : 'error'}
            data-testid="metrics-failed"
            action={
              // retrying cannot change a refusal or a service without objects
              isNotFound(metrics.error) ||
              isPermissionDenied(metrics.error) ? undefined : (
                <Button color="inherit" size="small" onClick={metrics.retry}>
                  Try again
                </Button>
              )
            }
          >
            {message}
          </Alert>
        </InfoCard>
      </Grid>
    );
  }

  if (!view.configured) {
    return (
      <Grid item xs={12}>
        <MetricsNotConfigured cluster={view.cluster} />
      </Grid>
    );
  }

  const freshness = metrics.error ? (
    <span className={classes.stale} data-testid="metrics-stale">
      could not refresh ({errorMessage(metrics.error)}), showing data from{' '}
      <RelativeTime value={view.generatedAt} />
    </span>
  ) : (
    <span data-testid="metrics-freshness">
      as of <RelativeTime value={view.generatedAt} />
    </span>
  );

  return (
    <>
      <Grid item xs={12}>
        <KeyMetricsCard view={view} freshness={freshness} />
      </Grid>
      <Grid item xs={12} md={6}>
        <AlertsCard view={view} />
      </Grid>
      <Grid item xs={12} md={6}>
        <RecommendationsCard entityRef={entityRef} view={view} />
      </Grid>
    </>
  );
};
