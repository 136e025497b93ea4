import type { LabelMatcher } from './promql/ast';
import { labelsKey } from './promql/functions';
import type { Labels, Sample, Series, SeriesSource } from './promql/types';

interface StoredSeries {
  labels: Labels;
  samples: Sample[];
}

/**
 * An in-memory time series database: the embedded Prometheus' storage. Samples are appended in time order by the
 * scraper and dropped after the retention period.
 */
export class Tsdb implements SeriesSource {
  private readonly series = new Map<string, StoredSeries>();
  /** name → keys of the series with that metric name, so selectors don't scan everything. */
  private readonly byName = new Map<string, Set<string>>();

  constructor(private readonly retentionMs: number = 6 * 3_600_000) {}

  append(labels: Labels, t: number, v: number): void {
    const key = labelsKey(labels);
    let stored = this.series.get(key);
    if (!stored) {
      stored = { labels: { ...labels }, samples: [] };
      this.series.set(key, stored);
      const name = labels.__name__ ?? '';
      const keys = this.byName.get(name) ?? new Set();
      keys.add(key);
      this.byName.set(name, keys);
    }
    const last = stored.samples[stored.samples.length - 1];
    if (last && last.t >= t) {
      return;
    }
    stored.samples.push({ t, v });
    const cutoff = t - this.retentionMs;
    if (stored.samples[0].t < cutoff) {
      stored.samples.splice(0, lowerBound(stored.samples, cutoff));
    }
  }

  /** The latest value of a series, if any (used by counters that the scraper accumulates). */
  latest(labels: Labels): Sample | undefined {
    const stored = this.series.get(labelsKey(labels));
    return stored?.samples[stored.samples.length - 1];
  }

  select(matchers: LabelMatcher[], minT: number, maxT: number): Series[] {
    const compiled = matchers.map(m => ({ ...m, regex: compile(m) }));
    const nameMatcher = matchers.find(
      m => m.name === '__name__' && m.op === '=',
    );
    const keys = nameMatcher
      ? this.byName.get(nameMatcher.value) ?? new Set<string>()
      : this.series.keys();
    const result: Series[] = [];
    for (const key of keys) {
      const stored = this.series.get(key)!;
      if (!compiled.every(m => matches(m, stored.labels[m.name] ?? '')))
        continue;
      const from = lowerBound(stored.samples, minT);
      const to = lowerBound(stored.samples, maxT + 1);
      result.push({
        labels: stored.labels,
        samples: stored.samples.slice(from, to),
      });
    }
    return result;
  }

  /** Label names and values, for `/api/v1/labels` and `/api/v1/label/<name>/values`. */
  labelValues(name: string): string[] {
    const values = new Set<string>();
    for (const stored of this.series.values()) {
      const value = stored.labels[name];
      if (value !== undefined) values.add(value);
    }
    return [...values].sort();
  }

  get seriesCount(): number {
    return this.series.size;
  }
}

function compile(matcher: LabelMatcher): RegExp | undefined {
  return matcher.op === '=~' || matcher.op === '!~'
    ? new RegExp(`^(?:${matcher.value})$`)
    : undefined;
}

function matches(
  matcher: LabelMatcher & { regex?: RegExp },
  value: string,
): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return matcher.regex!.test(value);
    case '!~':
      return !matcher.regex!.test(value);
    default:
      return false;
  }
}

/** The index of the first sample at or after `t`. */
function lowerBound(samples: Sample[], t: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (samples[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
