import type { Subquery } from './ast';
import { labelsKey } from './functions';
import { PromQLExecutionError, type Series, type Value } from './types';

/** The step of a subquery without one (`[1h:]`): Prometheus' default evaluation interval. */
export const DEFAULT_SUBQUERY_STEP_MS = 60_000;
/** Inner evaluations one subquery may cost; beyond, the query is refused instead of stalling the server. */
const MAX_SUBQUERY_STEPS = 50_000;

/**
 * The range vector of a subquery evaluated at `time`: the inner expression evaluated (by `evaluateAt`) at every
 * multiple of the step since the epoch in the left-open range (end - range, end], as Prometheus does, gathered per
 * series.
 */
export function subquerySeries(
  subquery: Subquery,
  time: number,
  evaluateAt: (time: number) => Value,
): Series[] {
  const step = subquery.stepMs ?? DEFAULT_SUBQUERY_STEP_MS;
  if (step <= 0) {
    throw new PromQLExecutionError('zero or negative subquery step');
  }
  const end = time - subquery.offsetMs;
  const start = end - subquery.rangeMs;
  let t = Math.floor(start / step) * step;
  if (t <= start) t += step;
  if ((end - t) / step > MAX_SUBQUERY_STEPS) {
    throw new PromQLExecutionError(
      `subquery needs more than ${MAX_SUBQUERY_STEPS} steps: use a larger step`,
    );
  }
  const series = new Map<string, Series>();
  for (; t <= end; t += step) {
    const value = evaluateAt(t);
    if (value.type !== 'vector') {
      throw new PromQLExecutionError(
        `subquery is only allowed on instant vector, got ${value.type}`,
      );
    }
    for (const sample of value.samples) {
      const key = labelsKey(sample.labels);
      const entry = series.get(key) ?? { labels: sample.labels, samples: [] };
      entry.samples.push({ t, v: sample.v });
      series.set(key, entry);
    }
  }
  return [...series.values()];
}
