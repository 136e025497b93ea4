/** The abstract syntax of the PromQL subset the embedded Prometheus evaluates. */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | '=='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | 'and'
  | 'or'
  | 'unless';

export type AggregationOperator =
  | 'sum'
  | 'min'
  | 'max'
  | 'avg'
  | 'count'
  | 'group'
  | 'topk'
  | 'bottomk'
  | 'quantile';

export interface NumberLiteral {
  type: 'number';
  value: number;
}

export interface StringLiteral {
  type: 'string';
  value: string;
}

export interface VectorSelector {
  type: 'vector';
  /** All matchers, including `__name__` when a metric name was given. */
  matchers: LabelMatcher[];
  offsetMs: number;
}

export interface MatrixSelector {
  type: 'matrix';
  vector: VectorSelector;
  rangeMs: number;
}

/** `expr[range:step]`: the inner expression evaluated at every step of the range, as a range vector. */
export interface Subquery {
  type: 'subquery';
  expr: Expr;
  rangeMs: number;
  /** Omitted (`[1h:]`): the default evaluation interval. */
  stepMs?: number;
  offsetMs: number;
}

export interface Call {
  type: 'call';
  name: string;
  args: Expr[];
}

export interface Aggregation {
  type: 'aggregation';
  op: AggregationOperator;
  grouping: { mode: 'by' | 'without'; labels: string[] } | undefined;
  param?: Expr;
  expr: Expr;
}

export interface VectorMatching {
  card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  /** `on(...)` when true, `ignoring(...)` when false. */
  on: boolean;
  labels: string[];
  include: string[];
}

export interface Binary {
  type: 'binary';
  op: BinaryOperator;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  matching?: VectorMatching;
}

export interface Unary {
  type: 'unary';
  op: '-' | '+';
  expr: Expr;
}

export interface Paren {
  type: 'paren';
  expr: Expr;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | Subquery
  | Call
  | Aggregation
  | Binary
  | Unary
  | Paren;
