import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Level, MetricView } from '@gsv/plugin-gsv-ops-common';
import { cx } from '../../lib/cx';
import {
  compactMetricValue,
  formatMetricValue,
  metricLevelText,
  thresholdsText,
} from '../../lib/metrics';
import { LevelStatus, levelColor } from '../LevelStatus';
import { Sparkline } from '../Sparkline';
import { PromQLButton } from './PromQLButton';
import { useTileStyles } from './tileStyles';

const useStyles = makeStyles(theme => ({
  chart: { marginTop: theme.spacing(0.75) },
  thresholds: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
}));

/** The coloured top edge of a tile; the level is also in the icon and the words below. */
const useAccentStyles = makeStyles(theme => ({
  accent: {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: 3,
  },
  ok: { background: levelColor(theme, 'ok') },
  warning: { background: levelColor(theme, 'warning') },
  critical: { background: levelColor(theme, 'critical') },
  unknown: { background: levelColor(theme, 'unknown') },
}));

const TileAccent = ({ level }: { level: Level }) => {
  const classes = useAccentStyles();
  return <span className={cx(classes.accent, classes[level])} aria-hidden />;
};

export interface MetricTileProps {
  metric: MetricView;
  /** Why Prometheus gave no value, when it failed. */
  error?: string;
  cluster: string;
}

/** One key metric: its value, its level in words, the last hour as a sparkline, its thresholds and its PromQL. */
export const MetricTile = ({ metric, error, cluster }: MetricTileProps) => {
  const classes = { ...useTileStyles(), ...useStyles() };
  const formatted = formatMetricValue(metric.value, metric.unit);
  const thresholds = thresholdsText(metric.thresholds, metric.unit);
  const level: Level = metric.value === undefined ? 'unknown' : metric.level;
  return (
    <div
      className={classes.tile}
      data-testid="metric-tile"
      data-metric={metric.id}
      data-level={level}
    >
      <TileAccent level={level} />
      <div className={classes.head}>
        <Typography variant="body2" className={classes.title}>
          {metric.title}
        </Typography>
        <PromQLButton metric={metric} cluster={cluster} />
      </div>
      <Tooltip title={`${metric.reason}. ${thresholds}.`}>
        <Typography
          component="div"
          className={cx(classes.value, !formatted && classes.noData)}
          data-testid="metric-value"
        >
          {formatted ?? (error ? 'Unavailable' : 'No data')}
        </Typography>
      </Tooltip>
      <LevelStatus
        level={level}
        title={error ? `Prometheus did not answer: ${error}` : metric.reason}
      >
        {metricLevelText(metric, Boolean(error))}
      </LevelStatus>
      <div className={classes.chart}>
        <Sparkline
          series={metric.series}
          unit={metric.unit}
          level={level}
          thresholds={metric.thresholds}
          label={metric.title}
        />
      </div>
      <Tooltip title={thresholds}>
        <Typography
          variant="caption"
          className={classes.thresholds}
          data-testid="metric-thresholds"
        >
          warn {compactMetricValue(metric.thresholds.warning, metric.unit)} ·
          crit {compactMetricValue(metric.thresholds.critical, metric.unit)}
        </Typography>
      </Tooltip>
    </div>
  );
};
