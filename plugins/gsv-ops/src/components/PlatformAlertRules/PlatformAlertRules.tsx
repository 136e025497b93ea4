import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { usePlatformAlerting } from '../../hooks/useAlerting';
import { errorMessage, isPermissionDenied } from '../../lib/errors';
import { AlertRulesTable, LoadFailure, LoadingLines } from '../AlertRulesCard';
import { ClusterErrorLines } from '../ClusterErrorLines';

const TITLE = 'Alert rules';
const SUBHEADER =
  'Every PrometheusRule alert of every cluster, firing first, with the services it watches and where its alerts go';

/** The platform page's alert rules: loading, refused, failing and empty states around the rules table. */
export const PlatformAlertRules = () => {
  const alerting = usePlatformAlerting();
  const view = alerting.value;
  if (view) {
    return (
      <InfoCard title={TITLE} subheader={SUBHEADER}>
        <Box
          display="flex"
          flexDirection="column"
          gridGap={16}
          data-testid="platform-alert-rules"
        >
          {view.errors.length > 0 && (
            <Alert severity="warning" data-testid="platform-alerting-errors">
              <ClusterErrorLines errors={view.errors} />
            </Alert>
          )}
          {view.rules.length > 0 ? (
            <AlertRulesTable rules={view.rules} platform />
          ) : (
            <Typography variant="body2" data-testid="platform-rules-empty">
              No alert rules: no cluster has PrometheusRule objects
              (monitoring.coreos.com/v1) that GSV Ops can read.
            </Typography>
          )}
        </Box>
      </InfoCard>
    );
  }
  if (alerting.error) {
    const denied = isPermissionDenied(alerting.error);
    return (
      <InfoCard title={TITLE} subheader={SUBHEADER}>
        <LoadFailure
          expected={denied}
          message={
            denied
              ? 'You may not read the platform alert rules (gsv-ops.platform.read).'
              : `Could not load the alert rules: ${errorMessage(
                  alerting.error,
                )}`
          }
          onRetry={alerting.retry}
          testId="platform-alerting-failed"
        />
      </InfoCard>
    );
  }
  return (
    <InfoCard title={TITLE} subheader={SUBHEADER}>
      <LoadingLines testId="platform-alerting-loading" />
    </InfoCard>
  );
};
