import { InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Block from '@material-ui/icons/Block';
import CheckCircle from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HourglassEmpty from '@material-ui/icons/HourglassEmpty';
import LinkOff from '@material-ui/icons/LinkOff';
import Loop from '@material-ui/icons/Loop';
import {
  getRunbook,
  OperationRecord,
  OperationStatus,
} from '@gsv/plugin-gsv-ops-common';
import { formatDuration } from '../../lib/format';
import { useRecentOperations } from '../../hooks/useRecentOperations';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(1, 1.5), verticalAlign: 'top' },
  },
  status: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    whiteSpace: 'nowrap',
  },
  icon: { fontSize: '1.25em' },
  ok: { color: theme.palette.status.ok },
  error: { color: theme.palette.status.error },
  running: { color: theme.palette.status.running },
  idle: { color: theme.palette.status.aborted },
  secondary: { color: theme.palette.text.secondary },
  summary: { maxWidth: 460, overflowWrap: 'anywhere' },
}));

const STATUSES: Record<
  OperationStatus,
  {
    label: string;
    Icon: typeof Loop;
    tone: 'ok' | 'error' | 'running' | 'idle';
  }
> = {
  pending: { label: 'Pending', Icon: HourglassEmpty, tone: 'idle' },
  running: { label: 'Running', Icon: Loop, tone: 'running' },
  succeeded: { label: 'Succeeded', Icon: CheckCircle, tone: 'ok' },
  failed: { label: 'Failed', Icon: ErrorIcon, tone: 'error' },
  cancelled: { label: 'Cancelled', Icon: Block, tone: 'idle' },
  interrupted: { label: 'Interrupted', Icon: LinkOff, tone: 'error' },
};

/** An operation's status as icon + word. */
export const OperationStatusLabel = ({
  status,
}: {
  status: OperationStatus;
}) => {
  const classes = useStyles();
  const { label, Icon, tone } = STATUSES[status] ?? STATUSES.pending;
  return (
    <span className={classes.status} data-testid="operation-status">
      <Icon className={`${classes.icon} ${classes[tone]}`} aria-hidden />
      {label}
    </span>
  );
};

/** `scaffolder-task:<id>` → the scaffolder's task page. */
const taskLink = (origin?: string) => {
  const match = origin && /^scaffolder-task:(.+)$/.exec(origin);
  return match ? `/create/tasks/${encodeURIComponent(match[1])}` : undefined;
};

const duration = (op: OperationRecord) =>
  op.startedAt && op.finishedAt
    ? formatDuration(
        (Date.parse(op.finishedAt) - Date.parse(op.startedAt)) / 1000,
      )
    : undefined;

export interface RecentOperationsProps {
  entityRef: string;
  /** Refetch when this changes (the view's etag). */
  refreshKey?: string;
}

/** The latest runbook operations on the service: who ran what, where, how it ended. */
export const RecentOperations = ({
  entityRef,
  refreshKey,
}: RecentOperationsProps) => {
  const classes = useStyles();
  const { items, error, loading } = useRecentOperations(entityRef, refreshKey, {
    limit: 8,
  });
  let content: JSX.Element;
  if (error) {
    content = (
      <Box p={2}>
        <Typography variant="body2" className={classes.secondary}>
          The operations could not be loaded: {error.message}
        </Typography>
      </Box>
    );
  } else if (loading) {
    content = (
      <Box p={2}>
        <Typography variant="body2" className={classes.secondary}>
          Loading…
        </Typography>
      </Box>
    );
  } else if (!items || items.length === 0) {
    content = (
      <Box p={2}>
        <Typography variant="body2">
          No runbook has been run on this service yet.
        </Typography>
      </Box>
    );
  } else {
    content = (
      <Table className={classes.table} aria-label="Recent operations">
        <TableHead>
          <TableRow>
            <TableCell>Status</TableCell>
            <TableCell>Operation</TableCell>
            <TableCell>By</TableCell>
            <TableCell>Started</TableCell>
            <TableCell align="right">Took</TableCell>
            <TableCell>Result</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(op => {
            const link = taskLink(op.origin);
            const title = getRunbook(op.runbook)?.title ?? op.runbook;
            return (
              <TableRow key={op.id} data-testid="operation-row">
                <TableCell>
                  <OperationStatusLabel status={op.status} />
                  {op.dryRun && (
                    <Typography
                      variant="caption"
                      component="div"
                      className={classes.secondary}
                    >
                      dry run
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <Typography variant="body2">
                    {link ? <Link to={link}>{title}</Link> : title}
                  </Typography>
                  <Typography variant="caption" className={classes.secondary}>
                    {op.target.kind}{' '}
                    {op.target.namespace ? `${op.target.namespace}/` : ''}
                    {op.target.name} · {op.cluster}
                  </Typography>
                </TableCell>
                <TableCell>
                  {op.initiatedBy.replace(/^user:default\//, '')}
                </TableCell>
                <TableCell>
                  <RelativeTime value={op.startedAt ?? op.createdAt} />
                </TableCell>
                <TableCell align="right">{duration(op) ?? '—'}</TableCell>
                <TableCell className={classes.summary}>
                  {op.summary ?? ''}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    );
  }
  return (
    <InfoCard
      title="Recent operations"
      subheader="Runbooks run on this service, newest first"
      noPadding
    >
      {content}
    </InfoCard>
  );
};
