import type { LabelMatcher } from './ast';

export type Labels = Readonly<Record<string, string>>;

/** A sample: time in milliseconds since the epoch, and its value. */
export interface Sample {
  t: number;
  v: number;
}

export interface Series {
  labels: Labels;
  samples: Sample[];
}

/** Where the evaluator reads raw series from (the embedded TSDB, or a fixture in tests). */
export interface SeriesSource {
  /** Series matching every matcher, with their samples in [minT, maxT] (ms, inclusive), in time order. */
  select(matchers: LabelMatcher[], minT: number, maxT: number): Series[];
}

export interface InstantSample {
  labels: Labels;
  v: number;
}

export type Value =
  | { type: 'vector'; samples: InstantSample[] }
  | { type: 'matrix'; series: Series[] }
  | { type: 'scalar'; v: number }
  | { type: 'string'; v: string };

/** An error while evaluating a well-formed query (Prometheus answers these with 422 `execution`). */
export class PromQLExecutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromQLExecutionError';
  }
}
