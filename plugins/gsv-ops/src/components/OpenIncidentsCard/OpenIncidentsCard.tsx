import { useCallback } from 'react';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { usePolledResource } from '../../hooks/usePolledResource';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { entityRefLabel, userRefLabel } from '../../lib/entityRefs';
import { errorMessage, isPermissionDenied } from '../../lib/errors';
import { RelativeTime } from '../RelativeTime';

/** Open incidents are few and change by hand: a minute between two looks is enough. */
const INTERVAL_MS = 60_000;

/** The platform page's open incidents: every service with an open incident the user may read, worst first. */
export const OpenIncidentsCard = () => {
  const api = useApi(gsvOpsApiRef);
  const opsTabLink = useOpsTabLink();
  const fetcher = useCallback(
    (signal: AbortSignal) => api.listIncidents({ status: 'open' }, { signal }),
    [api],
  );
  const incidents = usePolledResource('open-incidents', fetcher, {
    intervalMs: INTERVAL_MS,
  });
  const title = 'Open incidents';

  if (incidents.error && !incidents.value) {
    const denied = isPermissionDenied(incidents.error);
    return (
      <InfoCard title={title}>
        <Alert
          severity={denied ? 'info' : 'error'}
          action={
            denied ? undefined : (
              <Button color="inherit" size="small" onClick={incidents.retry}>
                Try again
              </Button>
            )
          }
        >
          {denied
            ? 'You may not read incidents (gsv-ops.entity.read).'
            : `Could not load the open incidents: ${errorMessage(
                incidents.error,
              )}`}
        </Alert>
      </InfoCard>
    );
  }
  if (!incidents.value) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  const items = [...incidents.value.items].sort(
    (a, b) =>
      a.severity.localeCompare(b.severity) ||
      b.declaredAt.localeCompare(a.declaredAt),
  );
  if (items.length === 0) {
    return (
      <InfoCard title={title}>
        <Typography variant="body2" color="textSecondary">
          No incident is open on the services you can see.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard title={title} noPadding>
      <Table size="small" aria-label="Open incidents">
        <TableHead>
          <TableRow>
            <TableCell>Severity</TableCell>
            <TableCell>Service</TableCell>
            <TableCell>Summary</TableCell>
            <TableCell>Commander</TableCell>
            <TableCell>Declared</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(incident => (
            <TableRow key={incident.id}>
              <TableCell>{incident.severity}</TableCell>
              <TableCell>
                <Link to={opsTabLink(incident.entityRef)}>
                  {entityRefLabel(incident.entityRef)}
                </Link>
              </TableCell>
              <TableCell>{incident.summary}</TableCell>
              <TableCell>{userRefLabel(incident.commander)}</TableCell>
              <TableCell>
                <RelativeTime value={incident.declaredAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
};
