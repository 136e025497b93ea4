import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Level } from '@gsv/plugin-gsv-ops-common';
import { formatBytes, formatPercent } from '../../lib/format';
import { LevelStatus, levelColor } from '../LevelStatus';

// Static classes per level: a props-based style would make JSS build a sheet per bar.
const useStyles = makeStyles(theme => ({
  root: { minWidth: 180 },
  bar: {
    height: 8,
    borderRadius: 4,
    backgroundColor: theme.palette.action.selected,
  },
  fill: { borderRadius: 4 },
  ok: { backgroundColor: levelColor(theme, 'ok') },
  warning: { backgroundColor: levelColor(theme, 'warning') },
  critical: { backgroundColor: levelColor(theme, 'critical') },
  unknown: { backgroundColor: levelColor(theme, 'unknown') },
  line: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(0.5),
  },
  secondary: { color: theme.palette.text.secondary },
}));

export interface UsageBarProps {
  usedBytes?: number;
  capacityBytes?: number;
  usedRatio?: number;
  level: Level;
}

/**
 * Volume usage as a bar with the percentage and the sizes in words, and the level as icon + text. Unknown usage
 * says so instead of drawing an empty bar.
 */
export const UsageBar = ({
  usedBytes,
  capacityBytes,
  usedRatio,
  level,
}: UsageBarProps) => {
  const classes = useStyles();
  if (usedRatio === undefined) {
    return (
      <div className={classes.root}>
        <LevelStatus level="unknown">Usage unknown</LevelStatus>
        <Typography
          variant="caption"
          component="div"
          className={classes.secondary}
        >
          {capacityBytes !== undefined
            ? `capacity ${formatBytes(capacityBytes)}`
            : 'capacity unknown'}
        </Typography>
      </div>
    );
  }
  const percent = Math.max(0, Math.min(100, usedRatio * 100));
  return (
    <div className={classes.root}>
      <div className={classes.line}>
        <LevelStatus level={level}>{formatPercent(usedRatio)} used</LevelStatus>
        <Typography variant="caption" className={classes.secondary}>
          {formatBytes(usedBytes)} of {formatBytes(capacityBytes)}
        </Typography>
      </div>
      <LinearProgress
        variant="determinate"
        value={percent}
        className={classes.bar}
        aria-label={`${formatPercent(usedRatio)} used`}
        classes={{ bar: `${classes.fill} ${classes[level]}` }}
      />
    </div>
  );
};
