export { parsePromQL } from './parser';
export { evaluate, DEFAULT_LOOKBACK_MS } from './evaluator';
export { PromQLSyntaxError } from './lexer';
export { PromQLExecutionError } from './types';
export type {
  Labels,
  Sample,
  Series,
  SeriesSource,
  InstantSample,
  Value,
} from './types';
export type { Expr, LabelMatcher } from './ast';
