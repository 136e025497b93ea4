import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import FiberManualRecord from '@material-ui/icons/FiberManualRecord';
import PauseCircleOutline from '@material-ui/icons/PauseCircleOutline';
import Block from '@material-ui/icons/Block';
import Sync from '@material-ui/icons/Sync';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useCurrentTime } from '../../hooks/useCurrentTime';
import type { LiveStatus } from '../../hooks/useLiveResource';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    color: theme.palette.text.secondary,
  },
  state: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: 500,
  },
  icon: { fontSize: '1.1em' },
  live: { color: theme.palette.status.ok },
  idle: { color: theme.palette.status.aborted },
  bad: { color: theme.palette.status.warning },
}));

export interface FreshnessProps {
  status: LiveStatus;
  /** When the server last confirmed the data (epoch ms). */
  checkedAt?: number;
  /** When the backend built the view (ISO). */
  generatedAt?: string;
  error?: Error;
  onRetry?: () => void;
}

const STATES: Record<
  LiveStatus,
  {
    label: string;
    Icon: typeof Sync;
    tone: 'live' | 'idle' | 'bad';
    help: string;
  }
> = {
  live: {
    label: 'Live',
    Icon: FiberManualRecord,
    tone: 'live',
    help: 'Changes in the cluster appear here within seconds, without reloading.',
  },
  connecting: {
    label: 'Connecting…',
    Icon: Sync,
    tone: 'idle',
    help: 'Waiting for the first answer.',
  },
  paused: {
    label: 'Paused while the tab is hidden',
    Icon: PauseCircleOutline,
    tone: 'idle',
    help: 'Nothing is requested while this browser tab is hidden; updates resume when you come back.',
  },
  retrying: {
    label: 'Reconnecting…',
    Icon: Sync,
    tone: 'bad',
    help: 'The last request failed; showing the last data received. Retrying with back-off.',
  },
  stopped: {
    label: 'Updates stopped',
    Icon: Block,
    tone: 'bad',
    help: 'The server refused the request; retrying will not help until that changes.',
  },
};

/** "Live · as of 12 s ago": whether the data is current, and since when. */
export const Freshness = ({
  status,
  checkedAt,
  generatedAt,
  error,
  onRetry,
}: FreshnessProps) => {
  const classes = useStyles();
  const now = useCurrentTime();
  const { label, Icon, tone, help } = STATES[status];
  const checked = checkedAt ? new Date(checkedAt).toISOString() : undefined;
  const details = [
    help,
    generatedAt && `View built by the backend: ${formatDateTime(generatedAt)}.`,
    checked && `Last confirmed: ${formatDateTime(checked)}.`,
    error && `Last error: ${error.message}`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Typography
      variant="body2"
      component="div"
      className={classes.root}
      data-testid="freshness"
    >
      <Tooltip title={details}>
        <span className={classes.state} role="status" aria-live="polite">
          <Icon className={`${classes.icon} ${classes[tone]}`} aria-hidden />
          {label}
        </span>
      </Tooltip>
      {checked && (
        <span>
          as of{' '}
          <time dateTime={checked} title={formatDateTime(checked)}>
            {formatRelative(checked, Math.max(now, checkedAt ?? 0))}
          </time>
        </span>
      )}
      {(status === 'retrying' || status === 'stopped') && onRetry && (
        <Button size="small" color="primary" onClick={onRetry}>
          Retry now
        </Button>
      )}
    </Typography>
  );
};
