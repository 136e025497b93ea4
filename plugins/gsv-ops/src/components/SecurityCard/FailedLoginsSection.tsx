import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { FailedLoginsView } from '@gsv/plugin-gsv-ops-common';
import { formatDateTime } from '../../lib/format';
import { Caption } from '../Caption';
import { Sparkline } from '../Sparkline';

/** An hour with more than this many times the median hour is a burst (credential stuffing, a broken client). */
const BURST_FACTOR = 5;

function burstOf(hourly: FailedLoginsView['hourly']) {
  const counts = hourly.flatMap(h => (h.count === undefined ? [] : [h.count]));
  if (counts.length === 0) return undefined;
  const median = [...counts].sort((a, b) => a - b)[
    Math.floor(counts.length / 2)
  ];
  const peak = hourly.reduce((best, h) =>
    (h.count ?? -1) > (best.count ?? -1) ? h : best,
  );
  return (peak.count ?? 0) > Math.max(10, median * BURST_FACTOR)
    ? peak
    : undefined;
}

/** Failed logins per hour over the last day (ops guide §8: instead of grepping Keycloak), with the top reasons. */
export const FailedLoginsSection = ({
  logins,
}: {
  logins: FailedLoginsView;
}) => {
  if (logins.status === 'no-metric') {
    return (
      <Typography variant="body2" data-testid="failed-logins-none">
        This service exports no failed-login metric (
        <code>{logins.metric}</code>): it has no logins of its own to show.
      </Typography>
    );
  }
  if (logins.status === 'no-prometheus') {
    return (
      <Typography variant="body2">
        {logins.message ?? 'No Prometheus is configured for this cluster.'}
      </Typography>
    );
  }
  if (logins.status === 'error') {
    return (
      <Alert severity="warning">
        Prometheus could not be read: {logins.message}
      </Alert>
    );
  }
  const burst = burstOf(logins.hourly);
  const series = logins.hourly.flatMap(h =>
    h.count === undefined
      ? []
      : [[Date.parse(h.start) / 1000, h.count] as [number, number]],
  );
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <Typography variant="body2">
        {logins.total.toLocaleString('en')} failed logins in the last 24 hours
        {burst
          ? `, a burst of ${burst.count?.toLocaleString(
              'en',
            )} in the hour from ${formatDateTime(burst.start)}`
          : ''}
        .
      </Typography>
      <Sparkline
        series={series}
        unit="count"
        level={burst ? 'warning' : 'ok'}
        stepSeconds={3600}
        height={48}
        label="Failed logins per hour"
      />
      {logins.topErrors.length > 0 && (
        <Caption>
          Top reasons:{' '}
          {logins.topErrors
            .map(e => `${e.error} (${e.count.toLocaleString('en')})`)
            .join(' · ')}
        </Caption>
      )}
    </Box>
  );
};
