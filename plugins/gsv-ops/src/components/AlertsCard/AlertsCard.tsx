import { InfoCard, Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNew from '@material-ui/icons/OpenInNew';
import Alert from '@material-ui/lab/Alert';
import type { AlertView, EntityMetricsView } from '@gsv/plugin-gsv-ops-common';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import { parseTime } from '../../lib/format';
import { alertLevel } from '../../lib/metrics';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1.25, 0),
    '&:not(:last-child)': {
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
    '&:first-child': { paddingTop: 0 },
  },
  head: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1, 1.5),
  },
  name: { fontWeight: 500 },
  since: { color: theme.palette.text.secondary, marginLeft: 'auto' },
  summary: { marginTop: theme.spacing(0.5) },
  description: { color: theme.palette.text.secondary },
  link: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
    fontSize: theme.typography.body2.fontSize,
  },
  error: { marginBottom: theme.spacing(1.5) },
}));

/** Worst first, then the longest firing first. */
export function sortAlerts(alerts: AlertView[]): AlertView[] {
  return [...alerts].sort(
    worstFirst(
      alert => alertLevel(alert.severity),
      (a, b) =>
        (parseTime(a.startsAt) ?? 0) - (parseTime(b.startsAt) ?? 0) ||
        a.name.localeCompare(b.name),
    ),
  );
}

const AlertItem = ({ alert }: { alert: AlertView }) => {
  const classes = useStyles();
  return (
    <li
      className={classes.item}
      data-testid="alert-row"
      data-alert={alert.name}
    >
      <div className={classes.head}>
        <LevelStatus level={alertLevel(alert.severity)}>
          {alert.severity || 'none'}
        </LevelStatus>
        <Typography variant="body2" component="span" className={classes.name}>
          {alert.name}
        </Typography>
        <Typography
          variant="caption"
          component="span"
          className={classes.since}
          data-testid="alert-since"
        >
          <RelativeTime value={alert.startsAt} prefix="firing since" />
        </Typography>
      </div>
      {alert.summary && (
        <Typography variant="body2" className={classes.summary}>
          {alert.summary}
        </Typography>
      )}
      {alert.description && alert.description !== alert.summary && (
        <Typography variant="body2" className={classes.description}>
          {alert.description}
        </Typography>
      )}
      {alert.generatorURL && (
        <Link
          to={alert.generatorURL}
          className={classes.link}
          data-testid="alert-source"
          target="_blank"
          rel="noopener noreferrer"
        >
          Open the rule&apos;s query in Prometheus
          <OpenInNew style={{ fontSize: '1em' }} aria-hidden />
        </Link>
      )}
    </li>
  );
};

export interface AlertsCardProps {
  view: EntityMetricsView;
}

/**
 * The alerts Alertmanager has firing for the service (by job, deployment or volume): severity, summary, since when,
 * and a link to the rule's expression in Prometheus. When Alertmanager did not answer, the card says so instead of
 * claiming that nothing fires.
 */
export const AlertsCard = ({ view }: AlertsCardProps) => {
  const classes = useStyles();
  const alerts = sortAlerts(view.alerts);
  const failures = view.errors.filter(e => e.source === 'alertmanager');
  return (
    <InfoCard
      title={`Firing alerts${alerts.length ? ` (${alerts.length})` : ''}`}
      subheader={`Alertmanager of ${view.cluster}`}
      variant="fullHeight"
    >
      <div data-testid="alerts-card">
        {failures.length > 0 && (
          <Alert
            severity="warning"
            className={classes.error}
            data-testid="alerts-error"
          >
            Alertmanager did not answer, so firing alerts may be missing here:{' '}
            {failures.map(f => f.message).join('; ')}
          </Alert>
        )}
        {alerts.length > 0 ? (
          <ul className={classes.list}>
            {alerts.map(alert => (
              <AlertItem key={alert.fingerprint} alert={alert} />
            ))}
          </ul>
        ) : (
          failures.length === 0 && (
            <Typography variant="body2" data-testid="no-alerts">
              <LevelStatus level="ok">
                No alerts firing for this service in {view.cluster}
              </LevelStatus>
            </Typography>
          )
        )}
      </div>
    </InfoCard>
  );
};
