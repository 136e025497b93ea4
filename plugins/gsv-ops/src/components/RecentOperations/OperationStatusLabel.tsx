import { makeStyles } from '@material-ui/core/styles';
import Block from '@material-ui/icons/Block';
import CheckCircle from '@material-ui/icons/CheckCircle';
import AlarmOff from '@material-ui/icons/AlarmOff';
import ErrorIcon from '@material-ui/icons/Error';
import HowToVote from '@material-ui/icons/HowToVote';
import ThumbDown from '@material-ui/icons/ThumbDown';
import HourglassEmpty from '@material-ui/icons/HourglassEmpty';
import LinkOff from '@material-ui/icons/LinkOff';
import Loop from '@material-ui/icons/Loop';
import type { OperationStatus } from '@gsv/plugin-gsv-ops-common';

const useStyles = makeStyles(theme => ({
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
}));

const STATUSES: Record<
  OperationStatus,
  {
    label: string;
    Icon: typeof Loop;
    tone: 'ok' | 'error' | 'running' | 'idle';
  }
> = {
  'awaiting-approval': {
    label: 'Awaiting approval',
    Icon: HowToVote,
    tone: 'running',
  },
  pending: { label: 'Pending', Icon: HourglassEmpty, tone: 'idle' },
  running: { label: 'Running', Icon: Loop, tone: 'running' },
  succeeded: { label: 'Succeeded', Icon: CheckCircle, tone: 'ok' },
  failed: { label: 'Failed', Icon: ErrorIcon, tone: 'error' },
  cancelled: { label: 'Cancelled', Icon: Block, tone: 'idle' },
  interrupted: { label: 'Interrupted', Icon: LinkOff, tone: 'error' },
  rejected: { label: 'Rejected', Icon: ThumbDown, tone: 'idle' },
  expired: { label: 'Approval expired', Icon: AlarmOff, tone: 'idle' },
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
