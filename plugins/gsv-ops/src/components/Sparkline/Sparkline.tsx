import { useMemo, useState } from 'react';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type {
  Level,
  MetricThresholds,
  MetricUnit,
} from '@gsv/plugin-gsv-ops-common';
import { formatMetricValue, seriesRange } from '../../lib/metrics';
import { sparklineDrawing } from '../../lib/sparkline';
import { levelColor } from '../LevelStatus';

const useStyles = makeStyles(theme => ({
  svg: { display: 'block', width: '100%', overflow: 'visible' },
  threshold: {
    stroke: theme.palette.text.secondary,
    strokeWidth: 1,
    strokeDasharray: '3 3',
    opacity: 0.55,
    vectorEffect: 'non-scaling-stroke',
  },
  line: {
    fill: 'none',
    strokeWidth: 1.75,
    strokeLinejoin: 'round',
    strokeLinecap: 'round',
    vectorEffect: 'non-scaling-stroke',
  },
}));

export interface SparklineProps {
  /** [unix seconds, value], oldest first; a missing step is a gap in the line. */
  series: [number, number][];
  unit: MetricUnit;
  level: Level;
  thresholds?: MetricThresholds;
  /** The spacing of the points in seconds: points further apart than 1.5 steps leave a gap. */
  stepSeconds?: number;
  height?: number;
  /** What the series is, for the accessible description ("Disk usage"). */
  label: string;
}

const WIDTH = 200;

/** Ids for the fill gradients (unique per sparkline on the page; `useId` needs React 18). */
let nextId = 0;

/**
 * The last hour of a metric as a small line (inline SVG, no chart library), in the colour of its level, with the
 * warning and critical thresholds as dashed lines when they are within the drawn range. The numbers are in the
 * accessible label, so the line is never the only way to read them.
 */
export const Sparkline = ({
  series,
  unit,
  level,
  thresholds,
  stepSeconds = 60,
  height = 36,
  label,
}: SparklineProps) => {
  const classes = useStyles();
  const theme = useTheme();
  const [gradientId] = useState(() => `gsv-ops-sparkline-${(nextId += 1)}`);
  const color = levelColor(theme, level);
  const range = seriesRange(series);

  const drawing = useMemo(
    () =>
      range &&
      sparklineDrawing({
        series,
        max: range.max,
        stepSeconds,
        width: WIDTH,
        height,
        thresholds,
      }),
    [series, range, stepSeconds, height, thresholds],
  );

  const description = range
    ? `${label}, last hour: lowest ${formatMetricValue(
        range.min,
        unit,
      )}, highest ${formatMetricValue(range.max, unit)}`
    : `${label}: no samples in the last hour`;

  return (
    <svg
      className={classes.svg}
      viewBox={`0 0 ${WIDTH} ${height}`}
      preserveAspectRatio="none"
      height={height}
      role="img"
      aria-label={description}
      data-testid="sparkline"
      data-points={series.length}
    >
      <title>{description}</title>
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0%" stopColor={color} stopOpacity={0.22} />
          <stop offset="100%" stopColor={color} stopOpacity={0.02} />
        </linearGradient>
      </defs>
      {drawing?.areas.map((d, i) => (
        <path
          key={`area-${i}`}
          d={d}
          fill={`url(#${gradientId})`}
          stroke="none"
        />
      ))}
      {drawing?.lines.map((y, i) => (
        <line
          key={`threshold-${i}`}
          x1={0}
          x2={WIDTH}
          y1={y}
          y2={y}
          className={classes.threshold}
        />
      ))}
      {drawing?.segments.map((d, i) => (
        <path key={i} d={d} className={classes.line} stroke={color} />
      ))}
      {drawing?.dots.map(([cx, cy], i) => (
        <circle key={`dot-${i}`} cx={cx} cy={cy} r={1.5} fill={color} />
      ))}
    </svg>
  );
};
