import type {
  Aggregation,
  Binary,
  BinaryOperator,
  Call,
  Expr,
  LabelMatcher,
  VectorMatching,
} from './ast';
import {
  assertUniqueSeries,
  dropName,
  ELEMENTWISE,
  extrapolatedRate,
  histogramQuantile,
  instantRate,
  labelsKey,
  OVER_TIME,
  quantile,
} from './functions';
import { subquerySeries } from './subquery';
import {
  PromQLExecutionError,
  type InstantSample,
  type Labels,
  type Series,
  type SeriesSource,
  type Value,
} from './types';

/** How far back an instant selector looks for the latest sample (Prometheus' default lookback delta). */
export const DEFAULT_LOOKBACK_MS = 5 * 60_000;

export interface EvaluationContext {
  source: SeriesSource;
  /** Evaluation time, ms since the epoch. */
  time: number;
  lookbackMs?: number;
}

const COMPARISON = new Set<BinaryOperator>(['==', '!=', '>', '<', '>=', '<=']);

class Evaluator {
  private readonly lookbackMs: number;

  constructor(private readonly context: EvaluationContext) {
    this.lookbackMs = context.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  }

  eval(expr: Expr): Value {
    switch (expr.type) {
      case 'number':
        return { type: 'scalar', v: expr.value };
      case 'string':
        return { type: 'string', v: expr.value };
      case 'paren':
        return this.eval(expr.expr);
      case 'unary': {
        const value = this.eval(expr.expr);
        if (expr.op === '+') return value;
        if (value.type === 'scalar') return { type: 'scalar', v: -value.v };
        if (value.type === 'vector') {
          return {
            type: 'vector',
            samples: value.samples.map(s => ({
              labels: dropName(s.labels),
              v: -s.v,
            })),
          };
        }
        throw new PromQLExecutionError(
          'unary expression only allowed on expressions of type scalar or instant vector',
        );
      }
      case 'vector':
        return {
          type: 'vector',
          samples: this.instantSelect(expr.matchers, expr.offsetMs),
        };
      case 'matrix':
        return {
          type: 'matrix',
          series: this.rangeSelect(
            expr.vector.matchers,
            expr.rangeMs,
            expr.vector.offsetMs,
          ),
        };
      case 'subquery':
        return {
          type: 'matrix',
          series: subquerySeries(expr, this.context.time, t =>
            evaluate(expr.expr, { ...this.context, time: t }),
          ),
        };
      case 'call':
        return this.call(expr);
      case 'aggregation':
        return this.aggregate(expr);
      case 'binary':
        return this.binary(expr);
      default:
        throw new PromQLExecutionError('unsupported expression');
    }
  }

  private instantSelect(
    matchers: LabelMatcher[],
    offsetMs: number,
  ): InstantSample[] {
    const at = this.context.time - offsetMs;
    const series = this.context.source.select(
      matchers,
      at - this.lookbackMs + 1,
      at,
    );
    const samples: InstantSample[] = [];
    for (const s of series) {
      const last = s.samples[s.samples.length - 1];
      if (last && !Number.isNaN(last.v))
        samples.push({ labels: s.labels, v: last.v });
    }
    return samples;
  }

  private rangeSelect(
    matchers: LabelMatcher[],
    rangeMs: number,
    offsetMs: number,
  ): Series[] {
    const at = this.context.time - offsetMs;
    return this.context.source
      .select(matchers, at - rangeMs + 1, at)
      .filter(s => s.samples.length > 0);
  }

  private vectorArg(call: Call, index: number): InstantSample[] {
    const value = this.eval(call.args[index]);
    if (value.type !== 'vector') {
      throw new PromQLExecutionError(
        `expected type instant vector in call to function "${call.name}", got ${value.type}`,
      );
    }
    return value.samples;
  }

  private scalarArg(call: Call, index: number): number {
    const value = this.eval(call.args[index]);
    if (value.type !== 'scalar') {
      throw new PromQLExecutionError(
        `expected type scalar in call to function "${call.name}", got ${value.type}`,
      );
    }
    return value.v;
  }

  private matrixArg(
    call: Call,
    index: number,
  ): { series: Series[]; rangeMs: number; offsetMs: number } {
    const arg = call.args[index];
    if (arg?.type === 'subquery') {
      return {
        series: subquerySeries(arg, this.context.time, t =>
          evaluate(arg.expr, { ...this.context, time: t }),
        ),
        rangeMs: arg.rangeMs,
        offsetMs: arg.offsetMs,
      };
    }
    if (!arg || arg.type !== 'matrix') {
      throw new PromQLExecutionError(
        `expected type range vector in call to function "${call.name}"`,
      );
    }
    return {
      series: this.rangeSelect(
        arg.vector.matchers,
        arg.rangeMs,
        arg.vector.offsetMs,
      ),
      rangeMs: arg.rangeMs,
      offsetMs: arg.vector.offsetMs,
    };
  }

  private arity(call: Call, min: number, max = min) {
    if (call.args.length < min || call.args.length > max) {
      throw new PromQLExecutionError(
        `expected ${
          min === max ? min : `${min} to ${max}`
        } argument(s) in call to "${call.name}", got ${call.args.length}`,
      );
    }
  }

  private call(call: Call): Value {
    const { name } = call;
    switch (name) {
      case 'rate':
      case 'increase':
      case 'delta': {
        this.arity(call, 1);
        const { series, rangeMs, offsetMs } = this.matrixArg(call, 0);
        const end = this.context.time - offsetMs;
        const samples: InstantSample[] = [];
        for (const s of series) {
          const v = extrapolatedRate(
            s.samples,
            end - rangeMs,
            end,
            name !== 'delta',
            name === 'rate',
          );
          if (v !== undefined) samples.push({ labels: dropName(s.labels), v });
        }
        return { type: 'vector', samples };
      }
      case 'irate': {
        this.arity(call, 1);
        const samples: InstantSample[] = [];
        for (const s of this.matrixArg(call, 0).series) {
          const v = instantRate(s.samples);
          if (v !== undefined) samples.push({ labels: dropName(s.labels), v });
        }
        return { type: 'vector', samples };
      }
      case 'histogram_quantile': {
        this.arity(call, 2);
        const q = this.scalarArg(call, 0);
        return {
          type: 'vector',
          samples: histogramQuantile(q, this.vectorArg(call, 1)),
        };
      }
      case 'scalar': {
        this.arity(call, 1);
        const samples = this.vectorArg(call, 0);
        return { type: 'scalar', v: samples.length === 1 ? samples[0].v : NaN };
      }
      case 'vector': {
        this.arity(call, 1);
        return {
          type: 'vector',
          samples: [{ labels: {}, v: this.scalarArg(call, 0) }],
        };
      }
      case 'time':
        this.arity(call, 0);
        return { type: 'scalar', v: this.context.time / 1000 };
      case 'absent': {
        this.arity(call, 1);
        const samples = this.vectorArg(call, 0);
        if (samples.length > 0) return { type: 'vector', samples: [] };
        const arg = call.args[0];
        const labels: Record<string, string> = {};
        if (arg.type === 'vector') {
          for (const m of arg.matchers)
            if (m.op === '=' && m.name !== '__name__') labels[m.name] = m.value;
        }
        return { type: 'vector', samples: [{ labels, v: 1 }] };
      }
      case 'clamp_min':
      case 'clamp_max': {
        this.arity(call, 2);
        const bound = this.scalarArg(call, 1);
        const f =
          name === 'clamp_min'
            ? (v: number) => Math.max(v, bound)
            : (v: number) => Math.min(v, bound);
        return {
          type: 'vector',
          samples: this.vectorArg(call, 0).map(s => ({
            labels: dropName(s.labels),
            v: f(s.v),
          })),
        };
      }
      case 'round': {
        this.arity(call, 1, 2);
        const to = call.args.length === 2 ? this.scalarArg(call, 1) : 1;
        return {
          type: 'vector',
          samples: this.vectorArg(call, 0).map(s => ({
            labels: dropName(s.labels),
            v: Math.round(s.v / to) * to,
          })),
        };
      }
      case 'quantile_over_time': {
        this.arity(call, 2);
        const q = this.scalarArg(call, 0);
        return {
          type: 'vector',
          samples: this.matrixArg(call, 1).series.map(s => ({
            labels: dropName(s.labels),
            v: quantile(
              q,
              s.samples.map(x => x.v),
            ),
          })),
        };
      }
      default:
        if (OVER_TIME[name]) {
          this.arity(call, 1);
          return {
            type: 'vector',
            samples: this.matrixArg(call, 0).series.map(s => ({
              labels: dropName(s.labels),
              v: OVER_TIME[name](s.samples.map(x => x.v)),
            })),
          };
        }
        if (ELEMENTWISE[name]) {
          this.arity(call, 1);
          return {
            type: 'vector',
            samples: this.vectorArg(call, 0).map(s => ({
              labels: dropName(s.labels),
              v: ELEMENTWISE[name](s.v),
            })),
          };
        }
        throw new PromQLExecutionError(`unknown function with name "${name}"`);
    }
  }

  private aggregate(agg: Aggregation): Value {
    const value = this.eval(agg.expr);
    if (value.type !== 'vector') {
      throw new PromQLExecutionError(
        `expected type instant vector in aggregation expression, got ${value.type}`,
      );
    }
    const param = agg.param ? this.eval(agg.param) : undefined;
    const groups = new Map<
      string,
      { labels: Labels; samples: InstantSample[] }
    >();
    for (const sample of value.samples) {
      const labels = groupLabels(sample.labels, agg.grouping);
      const key = labelsKey(labels);
      const group = groups.get(key) ?? { labels, samples: [] };
      group.samples.push(sample);
      groups.set(key, group);
    }
    const result: InstantSample[] = [];
    for (const { labels, samples } of groups.values()) {
      const values = samples.map(s => s.v);
      switch (agg.op) {
        case 'sum':
          result.push({ labels, v: values.reduce((a, b) => a + b, 0) });
          break;
        case 'avg':
          result.push({
            labels,
            v: values.reduce((a, b) => a + b, 0) / values.length,
          });
          break;
        case 'min':
          result.push({ labels, v: nanAwareExtreme(values, Math.min) });
          break;
        case 'max':
          result.push({ labels, v: nanAwareExtreme(values, Math.max) });
          break;
        case 'count':
          result.push({ labels, v: values.length });
          break;
        case 'group':
          result.push({ labels, v: 1 });
          break;
        case 'quantile': {
          if (param?.type !== 'scalar')
            throw new PromQLExecutionError('quantile needs a scalar parameter');
          result.push({ labels, v: quantile(param.v, values) });
          break;
        }
        case 'topk':
        case 'bottomk': {
          if (param?.type !== 'scalar')
            throw new PromQLExecutionError(
              `${agg.op} needs a scalar parameter`,
            );
          const sorted = [...samples].sort((a, b) =>
            agg.op === 'topk' ? b.v - a.v : a.v - b.v,
          );
          result.push(...sorted.slice(0, Math.max(0, Math.floor(param.v))));
          break;
        }
        default:
          throw new PromQLExecutionError(`unsupported aggregation ${agg.op}`);
      }
    }
    return { type: 'vector', samples: result };
  }

  private binary(expr: Binary): Value {
    const lhs = this.eval(expr.lhs);
    const rhs = this.eval(expr.rhs);
    const { op } = expr;
    if (lhs.type === 'scalar' && rhs.type === 'scalar') {
      if (COMPARISON.has(op) && !expr.returnBool) {
        throw new PromQLExecutionError(
          'comparisons between scalars must use BOOL modifier',
        );
      }
      return { type: 'scalar', v: applyOperator(op, lhs.v, rhs.v) ?? 0 };
    }
    if (lhs.type === 'vector' && rhs.type === 'scalar') {
      return {
        type: 'vector',
        samples: this.vectorScalar(
          op,
          lhs.samples,
          rhs.v,
          false,
          expr.returnBool,
        ),
      };
    }
    if (lhs.type === 'scalar' && rhs.type === 'vector') {
      return {
        type: 'vector',
        samples: this.vectorScalar(
          op,
          rhs.samples,
          lhs.v,
          true,
          expr.returnBool,
        ),
      };
    }
    if (lhs.type === 'vector' && rhs.type === 'vector') {
      return {
        type: 'vector',
        samples: this.vectorVector(expr, lhs.samples, rhs.samples),
      };
    }
    throw new PromQLExecutionError(
      `binary expression must contain only scalar and instant vector types`,
    );
  }

  private vectorScalar(
    op: BinaryOperator,
    samples: InstantSample[],
    scalar: number,
    scalarOnLeft: boolean,
    returnBool: boolean,
  ): InstantSample[] {
    const result: InstantSample[] = [];
    for (const sample of samples) {
      const [a, b] = scalarOnLeft ? [scalar, sample.v] : [sample.v, scalar];
      const value = applyOperator(op, a, b);
      if (COMPARISON.has(op)) {
        if (returnBool)
          result.push({ labels: dropName(sample.labels), v: value });
        else if (value === 1) result.push(sample);
      } else {
        result.push({ labels: dropName(sample.labels), v: value });
      }
    }
    return result;
  }

  private vectorVector(
    expr: Binary,
    lhs: InstantSample[],
    rhs: InstantSample[],
  ): InstantSample[] {
    const matching: VectorMatching = expr.matching ?? {
      card: 'one-to-one',
      on: false,
      labels: [],
      include: [],
    };
    const signature = (labels: Labels) =>
      labelsKey(matchingLabels(labels, matching));
    const { op } = expr;
    if (op === 'and' || op === 'unless') {
      const right = new Set(rhs.map(s => signature(s.labels)));
      return lhs.filter(s => right.has(signature(s.labels)) === (op === 'and'));
    }
    if (op === 'or') {
      const left = new Set(lhs.map(s => signature(s.labels)));
      return [...lhs, ...rhs.filter(s => !left.has(signature(s.labels)))];
    }
    const [one, many] =
      matching.card === 'one-to-many' ? [lhs, rhs] : [rhs, lhs];
    const bySignature = new Map<string, InstantSample>();
    for (const sample of one) {
      const key = signature(sample.labels);
      if (bySignature.has(key)) {
        const side = matching.card === 'one-to-many' ? 'left' : 'right';
        throw new PromQLExecutionError(
          `found duplicate series for the match group ${key} on the ${side} hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
      bySignature.set(key, sample);
    }
    const seen = new Set<string>();
    const result: InstantSample[] = [];
    for (const sample of many) {
      const other = bySignature.get(signature(sample.labels));
      if (!other) continue;
      const [left, right] =
        matching.card === 'one-to-many' ? [other, sample] : [sample, other];
      const value = applyOperator(op, left.v, right.v);
      if (COMPARISON.has(op) && !expr.returnBool && value !== 1) continue;
      const labels = resultLabels(
        left.labels,
        right.labels,
        matching,
        op,
        expr.returnBool,
      );
      const key = labelsKey(labels);
      if (matching.card === 'one-to-one' && seen.has(key)) {
        throw new PromQLExecutionError(
          'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
        );
      }
      seen.add(key);
      result.push({
        labels,
        v: COMPARISON.has(op) && !expr.returnBool ? left.v : value,
      });
    }
    assertUniqueSeries(result, 'binary operation');
    return result;
  }
}

/** Evaluates a parsed expression at one instant, with Prometheus' semantics for the supported subset. */
export function evaluate(expr: Expr, context: EvaluationContext): Value {
  return new Evaluator(context).eval(expr);
}

function groupLabels(
  labels: Labels,
  grouping: Aggregation['grouping'],
): Labels {
  if (!grouping) return {};
  const result: Record<string, string> = {};
  if (grouping.mode === 'by') {
    for (const name of grouping.labels)
      if (labels[name] !== undefined) result[name] = labels[name];
  } else {
    for (const [name, value] of Object.entries(labels)) {
      if (name !== '__name__' && !grouping.labels.includes(name))
        result[name] = value;
    }
  }
  return result;
}

function matchingLabels(labels: Labels, matching: VectorMatching): Labels {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (name === '__name__') continue;
    const listed = matching.labels.includes(name);
    if (matching.on ? listed : !listed) result[name] = value;
  }
  return result;
}

function resultLabels(
  left: Labels,
  right: Labels,
  matching: VectorMatching,
  op: BinaryOperator,
  returnBool: boolean,
): Labels {
  const dropsName = !COMPARISON.has(op) || returnBool;
  if (matching.card === 'one-to-one') {
    const base = matchingLabels(left, matching);
    return dropsName || !left.__name__
      ? base
      : { __name__: left.__name__, ...base };
  }
  const many = matching.card === 'many-to-one' ? left : right;
  const one = matching.card === 'many-to-one' ? right : left;
  const result: Record<string, string> = {
    ...(dropsName ? dropName(many) : many),
  };
  for (const name of matching.include) {
    if (one[name] !== undefined) result[name] = one[name];
    else delete result[name];
  }
  return result;
}

function applyOperator(op: BinaryOperator, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '^':
      return a ** b;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    default:
      throw new PromQLExecutionError(
        `operator ${op} is not defined between numbers`,
      );
  }
}

function nanAwareExtreme(
  values: number[],
  pick: (...v: number[]) => number,
): number {
  const numbers = values.filter(v => !Number.isNaN(v));
  return numbers.length ? pick(...numbers) : NaN;
}
