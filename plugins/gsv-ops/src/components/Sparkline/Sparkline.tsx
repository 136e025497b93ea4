import { useMemo, useState } from 'react';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type {
  Level,
  MetricThresholds,
  MetricUnit,
} from '@gsv/plugin-gsv-ops-common';
import { formatMetricValue, seriesRange } from '../../lib/metrics';
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

  const drawing = useMemo(() => {
    const points = series.filter(([, v]) => Number.isFinite(v));
    if (!range || points.length === 0) return undefined;
    const t0 = points[0][0];
    const t1 = points[points.length - 1][0];
    const span = Math.max(t1 - t0, stepSeconds);
    // From 0 (all our metrics are non-negative) to a little above the highest value.
    const top = range.max > 0 ? range.max * 1.15 : 1;
    const pad = 2;
    const x = (t: number) => ((t - t0) / span) * WIDTH;
    const y = (v: number) => pad + (1 - v / top) * (height - 2 * pad);
    // Runs of consecutive points; a missing step starts a new run.
    const runs: Array<Array<[number, number]>> = [];
    let previous: number | undefined;
    for (const [t, v] of points) {
      const gap = previous !== undefined && t - previous > stepSeconds * 1.5;
      if (runs.length === 0 || gap) runs.push([]);
      runs[runs.length - 1].push([x(t), y(v)]);
      previous = t;
    }
    const path = (run: Array<[number, number]>) =>
      run
        .map(
          ([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`,
        )
        .join(' ');
    const segments = runs.filter(run => run.length > 1).map(path);
    const areas = runs
      .filter(run => run.length > 1)
      .map(
        run =>
          `${path(run)} L${run[run.length - 1][0].toFixed(
            1,
          )},${height} L${run[0][0].toFixed(1)},${height} Z`,
      );
    // A lone point would be invisible as a path: draw it as a dot.
    const dots = runs.filter(run => run.length === 1).map(run => run[0]);
    const lines = thresholds
      ? (['warning', 'critical'] as const)
          .map(name => thresholds[name])
          .filter(value => value > 0 && value < top)
          .map(value => y(value))
      : [];
    return { segments, areas, lines, dots };
  }, [series, range, stepSeconds, height, thresholds]);

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
