import { InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  GSV_OPS_ANNOTATIONS,
  type EntityAlertingView,
} from '@gsv/plugin-gsv-ops-common';
import { useEntityAlerting } from '../../hooks/useAlerting';
import { errorMessage, isNotFound, isPermissionDenied } from '../../lib/errors';
import { AlertRulesTable } from './AlertRulesTable';
import { LoadFailure, LoadingLines } from './LoadStates';

const TITLE = 'Alert rules & dashboards';
const SOURCE_NAMES = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  configuration: 'Configuration',
  kubernetes: 'Kubernetes',
} as const;

const Dashboards = ({ view }: { view: EntityAlertingView }) => {
  if (view.dashboards.length === 0) {
    return (
      <Typography variant="body2" data-testid="dashboards-empty">
        No dashboards: set <code>gsvOps.dashboards</code> in the backend or
        annotate the service with <code>{GSV_OPS_ANNOTATIONS.dashboards}</code>.
      </Typography>
    );
  }
  return (
    <Box display="flex" flexWrap="wrap" gridGap={16} data-testid="dashboards">
      {view.dashboards.map(dashboard => (
        <Link key={`${dashboard.title}${dashboard.url}`} to={dashboard.url}>
          {dashboard.title}
        </Link>
      ))}
    </Box>
  );
};

/** What is not set up or did not answer: rule states or routes are unknown then, the rules still show. */
const Notes = ({ view }: { view: EntityAlertingView }) => {
  const key = `gsvOps.clusters.${view.cluster}`;
  return (
    <>
      {!view.prometheusConfigured && (
        <Alert severity="info" data-testid="alerting-no-prometheus">
          No Prometheus configured for {view.cluster} (
          <code>{key}.prometheus.baseUrl</code>): the rules are listed, their
          state is unknown.
        </Alert>
      )}
      {!view.alertmanagerConfigured && (
        <Alert severity="info" data-testid="alerting-no-alertmanager">
          No Alertmanager configured for {view.cluster} (
          <code>{key}.alertmanager.baseUrl</code>): where alerts are routed is
          unknown.
        </Alert>
      )}
      {view.errors.length > 0 && (
        <Alert severity="warning" data-testid="alerting-errors">
          {view.errors.map((error, i) => (
            <div key={i}>
              {SOURCE_NAMES[error.source]}: {error.message}
            </div>
          ))}
        </Alert>
      )}
    </>
  );
};

const Rules = ({ view }: { view: EntityAlertingView }) => {
  if (view.rules.length === 0) {
    return (
      <Typography variant="body2" data-testid="rules-empty">
        No alert rule watches this service: no PrometheusRule in {view.cluster}{' '}
        selects {view.job ? <code>job=&quot;{view.job}&quot;</code> : 'its job'}{' '}
        or <code>namespace=&quot;{view.namespace}&quot;</code>
        {view.job
          ? ''
          : ` (annotate it with ${GSV_OPS_ANNOTATIONS.prometheusJob})`}
        .
      </Typography>
    );
  }
  return <AlertRulesTable rules={view.rules} />;
};

/**
 * The service's dashboards (ops guide §2.1) and the alert rules that watch it (§2.3): each rule's state in
 * Prometheus, severity, `for`, summary, the Alertmanager receiver its alerts go to (§2.2) and a link to it.
 */
export const AlertRulesCard = ({
  entityRef,
  cluster,
}: {
  entityRef: string;
  cluster: string;
}) => {
  const alerting = useEntityAlerting(entityRef, cluster);
  const subheader = `What watches this service in ${cluster}, and where its alerts go`;
  if (alerting.value) {
    const view = alerting.value;
    return (
      <InfoCard title={TITLE} subheader={subheader}>
        <Box
          display="flex"
          flexDirection="column"
          gridGap={16}
          data-testid="alert-rules-card"
        >
          <Dashboards view={view} />
          <Notes view={view} />
          <Rules view={view} />
        </Box>
      </InfoCard>
    );
  }
  if (alerting.error) {
    const denied = isPermissionDenied(alerting.error);
    const missing = isNotFound(alerting.error);
    let message = `Could not load the alert rules: ${errorMessage(
      alerting.error,
    )}`;
    if (denied)
      message = `You may not see this service's alert rules (gsv-ops.entity.read).`;
    if (missing) message = `The service has no objects in ${cluster}.`;
    return (
      <InfoCard title={TITLE} subheader={subheader}>
        <LoadFailure
          expected={denied || missing}
          message={message}
          onRetry={alerting.retry}
          testId="alert-rules-failed"
        />
      </InfoCard>
    );
  }
  return (
    <InfoCard title={TITLE} subheader={subheader}>
      <LoadingLines testId="alert-rules-loading" />
    </InfoCard>
  );
};
