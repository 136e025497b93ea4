import { useEffect, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import {
  getRunbook,
  type MaintenanceCalendar,
} from '@gsv/plugin-gsv-ops-common';
import { useCurrentTime } from '../../hooks/useCurrentTime';
import { useMaintenanceCalendar } from '../../hooks/useMaintenanceCalendar';
import { formatDateTime } from '../../lib/format';
import { Caption } from '../Caption';
import { RelativeTime } from '../RelativeTime';
import { nextBoundary, soonestWindow } from './boundaries';

/** One sentence: may changes be made now, and if not, when. */
const Headline = ({ calendar }: { calendar: MaintenanceCalendar }) => {
  const freeze = calendar.freezes.find(f => f.active);
  if (freeze) {
    return (
      <Alert severity="warning">
        Change freeze “{freeze.name}” until {formatDateTime(freeze.to)}:{' '}
        {freeze.reason}.{' '}
        {freeze.allowIncidentOverride
          ? 'A declared P1/P2 incident may override it.'
          : 'No override, not even for incidents.'}
      </Alert>
    );
  }
  if (!calendar.restricted) {
    return (
      <Alert severity="success">
        {calendar.environment} has no maintenance windows: changes are allowed
        at any time.
      </Alert>
    );
  }
  if (calendar.openNow) {
    return (
      <Alert severity="success">
        Window “{calendar.openNow.name}” is open,{' '}
        <RelativeTime value={calendar.openNow.end} prefix="closes" />.
      </Alert>
    );
  }
  const next = soonestWindow(calendar);
  return (
    <Alert severity="info">
      Outside the maintenance windows of {calendar.environment}
      {next ? (
        <>
          : next “{next.name}” <RelativeTime value={next.start} /> (
          {formatDateTime(next.start)})
        </>
      ) : null}
      . Only exempt runbooks, or a declared P1/P2 incident, may change it now.
    </Alert>
  );
};

const RunbookRows = ({ calendar }: { calendar: MaintenanceCalendar }) => (
  <Table size="small" aria-label="Runbooks now">
    <TableBody>
      {calendar.runbooks.map(r => (
        <TableRow key={r.runbook}>
          <TableCell>{getRunbook(r.runbook)?.title ?? r.runbook}</TableCell>
          <TableCell>{r.allowedNow ? 'Allowed now' : 'Not now'}</TableCell>
          <TableCell>
            {r.approval
              ? `${r.approval.required} approval${
                  r.approval.required === 1 ? '' : 's'
                } (${r.approval.group.replace(/^group:default\//, '')})`
              : 'No approval'}
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

/**
 * The maintenance calendar of the cluster's environment (ops guide §7.1): whether changes are allowed now, the next
 * windows, the freezes, and per runbook whether it may run and what approval it needs — before anyone tries. Read
 * again only when a window opens or closes or a freeze starts or ends.
 */
export const MaintenanceCard = ({ environment }: { environment: string }) => {
  const now = useCurrentTime();
  const [boundary, setBoundary] = useState<number>();
  const crossed = boundary !== undefined && now >= boundary ? boundary : 0;
  const { value, error } = useMaintenanceCalendar(environment, crossed);
  useEffect(() => setBoundary(nextBoundary(value)), [value]);
  return (
    <InfoCard
      title="Maintenance"
      subheader={`Windows and freezes of ${environment}`}
    >
      {error && (
        <Typography variant="body2" color="textSecondary">
          The maintenance calendar could not be loaded: {error.message}
        </Typography>
      )}
      {value && (
        <Box display="flex" flexDirection="column" gridGap={12}>
          <Headline calendar={value} />
          {value.windows.map(w => (
            <div key={w.name}>
              <Typography variant="body2">
                {w.name}: every <code>{w.cron}</code> ({w.timezone}),{' '}
                {w.durationMinutes} min
                {w.runbooks ? ` — only ${w.runbooks.join(', ')}` : ''}
              </Typography>
              <Caption>
                Next: {w.next.map(o => formatDateTime(o.start)).join(' · ')}
              </Caption>
            </div>
          ))}
          {value.freezes
            .filter(f => !f.active)
            .map(f => (
              <Caption key={f.name}>
                Freeze “{f.name}” from {formatDateTime(f.from)} to{' '}
                {formatDateTime(f.to)}: {f.reason}
              </Caption>
            ))}
          <RunbookRows calendar={value} />
        </Box>
      )}
    </InfoCard>
  );
};
