import type { MetricThresholds } from '@gsv/plugin-gsv-ops-common';

type Point = [number, number];

/** What a sparkline draws, in the coordinates of its viewBox (`width` × `height`). */
export interface SparklineDrawing {
  /** The lines of the runs of consecutive points, as SVG paths. */
  segments: string[];
  /** The same runs closed down to the bottom, for the fill under the line. */
  areas: string[];
  /** The y of the warning and critical thresholds within the drawn range. */
  lines: number[];
  /** Runs of a single point, which a path would not show. */
  dots: Point[];
}

const path = (run: Point[]) =>
  run
    .map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`)
    .join(' ');

/** Splits points into runs of consecutive steps: a missing step (more than 1.5 steps apart) starts a new run. */
function runsOf(
  points: Point[],
  stepSeconds: number,
  toXY: (point: Point) => Point,
): Point[][] {
  const runs: Point[][] = [];
  let previous: number | undefined;
  for (const point of points) {
    const gap =
      previous !== undefined && point[0] - previous > stepSeconds * 1.5;
    if (runs.length === 0 || gap) runs.push([]);
    runs[runs.length - 1].push(toXY(point));
    previous = point[0];
  }
  return runs;
}

/**
 * The geometry of a sparkline of `series` ([unix seconds, value], oldest first): from 0 (the metrics are
 * non-negative) to a little above `max`, over the time the series covers; undefined when there is nothing to draw.
 */
export function sparklineDrawing(options: {
  series: Point[];
  max: number;
  stepSeconds: number;
  width: number;
  height: number;
  thresholds?: MetricThresholds;
}): SparklineDrawing | undefined {
  const { series, max, stepSeconds, width, height, thresholds } = options;
  const points = series.filter(([, v]) => Number.isFinite(v));
  if (points.length === 0) return undefined;
  const t0 = points[0][0];
  const span = Math.max(points[points.length - 1][0] - t0, stepSeconds);
  const top = max > 0 ? max * 1.15 : 1;
  const pad = 2;
  const y = (v: number) => pad + (1 - v / top) * (height - 2 * pad);
  const runs = runsOf(points, stepSeconds, ([t, v]) => [
    ((t - t0) / span) * width,
    y(v),
  ]);
  const lines = runs.filter(run => run.length > 1);
  return {
    segments: lines.map(path),
    areas: lines.map(
      run =>
        `${path(run)} L${run[run.length - 1][0].toFixed(
          1,
        )},${height} L${run[0][0].toFixed(1)},${height} Z`,
    ),
    lines: thresholds
      ? (['warning', 'critical'] as const)
          .map(name => thresholds[name])
          .filter(value => value > 0 && value < top)
          .map(y)
      : [],
    dots: runs.filter(run => run.length === 1).map(run => run[0]),
  };
}
