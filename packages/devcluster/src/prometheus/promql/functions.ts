import {
  PromQLExecutionError,
  type InstantSample,
  type Labels,
  type Sample,
  type Series,
} from './types';

/** Prometheus' extrapolated rate/increase/delta over the samples of one range (`extrapolatedRate` in promql/functions.go). */
export function extrapolatedRate(
  samples: Sample[],
  rangeStartMs: number,
  rangeEndMs: number,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  if (samples.length < 2) return undefined;
  const first = samples[0];
  const last = samples[samples.length - 1];
  let result = last.v - first.v;
  if (isCounter) {
    for (let i = 1; i < samples.length; i++) {
      if (samples[i].v < samples[i - 1].v) result += samples[i - 1].v;
    }
  }
  let durationToStart = (first.t - rangeStartMs) / 1000;
  const durationToEnd = (rangeEndMs - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageBetweenSamples = sampledInterval / (samples.length - 1);
  if (isCounter && result > 0 && first.v >= 0) {
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageBetweenSamples * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo +=
    durationToStart < threshold ? durationToStart : averageBetweenSamples / 2;
  extrapolateTo +=
    durationToEnd < threshold ? durationToEnd : averageBetweenSamples / 2;
  result *= extrapolateTo / sampledInterval;
  if (isRate) result /= (rangeEndMs - rangeStartMs) / 1000;
  return result;
}

/** `irate`: the per-second rate between the last two samples. */
export function instantRate(samples: Sample[]): number | undefined {
  if (samples.length < 2) return undefined;
  const last = samples[samples.length - 1];
  const previous = samples[samples.length - 2];
  const delta = last.v < previous.v ? last.v : last.v - previous.v;
  const seconds = (last.t - previous.t) / 1000;
  return seconds > 0 ? delta / seconds : undefined;
}

/** `histogram_quantile(q, buckets)` over classic `le` buckets, as Prometheus computes it (`bucketQuantile`). */
export function histogramQuantile(
  q: number,
  buckets: InstantSample[],
): InstantSample[] {
  const groups = new Map<
    string,
    { labels: Labels; buckets: { upper: number; count: number }[] }
  >();
  for (const sample of buckets) {
    const le = sample.labels.le;
    if (le === undefined) continue;
    const upper = le === '+Inf' ? Infinity : Number(le);
    if (Number.isNaN(upper)) continue;
    const { le: _le, __name__: _name, ...rest } = sample.labels;
    const key = labelsKey(rest);
    const group = groups.get(key) ?? { labels: rest, buckets: [] };
    group.buckets.push({ upper, count: sample.v });
    groups.set(key, group);
  }
  const result: InstantSample[] = [];
  for (const group of groups.values()) {
    result.push({ labels: group.labels, v: bucketQuantile(q, group.buckets) });
  }
  return result;
}

function bucketQuantile(
  q: number,
  unsorted: { upper: number; count: number }[],
): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const buckets = [...unsorted].sort((a, b) => a.upper - b.upper);
  if (buckets.length < 2 || buckets[buckets.length - 1].upper !== Infinity)
    return NaN;
  // Buckets are cumulative; repair small non-monotonicities from scrapes racing the counters.
  for (let i = 1; i < buckets.length; i++) {
    if (buckets[i].count < buckets[i - 1].count)
      buckets[i].count = buckets[i - 1].count;
  }
  const total = buckets[buckets.length - 1].count;
  if (total === 0) return NaN;
  let rank = q * total;
  const index = buckets.findIndex(b => b.count >= rank);
  if (index === buckets.length - 1) return buckets[buckets.length - 2].upper;
  if (index === 0 && buckets[0].upper <= 0) return buckets[0].upper;
  let start = 0;
  const end = buckets[index].upper;
  let count = buckets[index].count;
  if (index > 0) {
    start = buckets[index - 1].upper;
    count -= buckets[index - 1].count;
    rank -= buckets[index - 1].count;
  }
  return count === 0 ? start : start + (end - start) * (rank / count);
}

/** The `*_over_time` functions over the samples of one range. */
export const OVER_TIME: Record<string, (values: number[]) => number> = {
  avg_over_time: values => values.reduce((a, b) => a + b, 0) / values.length,
  min_over_time: values => Math.min(...values),
  max_over_time: values => Math.max(...values),
  sum_over_time: values => values.reduce((a, b) => a + b, 0),
  count_over_time: values => values.length,
  last_over_time: values => values[values.length - 1],
};

/** The φ-quantile of values, interpolated between ranks as Prometheus' `quantile` and `quantile_over_time` do. */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

/** Functions that map each sample of an instant vector. */
export const ELEMENTWISE: Record<string, (v: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
};

export function labelsKey(labels: Labels): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map(k => [k, labels[k]]),
  );
}

export function dropName(labels: Labels): Labels {
  const { __name__: _dropped, ...rest } = labels;
  return rest;
}

export function assertUniqueSeries(
  series: Series[] | InstantSample[],
  what: string,
) {
  const seen = new Set<string>();
  for (const item of series) {
    const key = labelsKey(item.labels);
    if (seen.has(key)) {
      throw new PromQLExecutionError(
        `vector cannot contain metrics with the same labelset (${what})`,
      );
    }
    seen.add(key);
  }
}
