import type {
  AggregationOperator,
  BinaryOperator,
  Expr,
  LabelMatcher,
  MatchOp,
  VectorMatching,
  VectorSelector,
} from './ast';
import {
  parseDuration,
  PromQLSyntaxError,
  tokenize,
  type Token,
} from './lexer';

const AGGREGATIONS = new Set<AggregationOperator>([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'group',
  'topk',
  'bottomk',
  'quantile',
]);
const PARAMETERISED = new Set<AggregationOperator>([
  'topk',
  'bottomk',
  'quantile',
]);

/** Binary operators by precedence, lowest first; `^` is right-associative. */
const PRECEDENCE: BinaryOperator[][] = [
  ['or'],
  ['and', 'unless'],
  ['==', '!=', '<=', '<', '>=', '>'],
  ['+', '-'],
  ['*', '/', '%'],
  ['^'],
];
const COMPARISONS = new Set<BinaryOperator>(['==', '!=', '<=', '<', '>=', '>']);
const SET_OPERATORS = new Set<BinaryOperator>(['and', 'or', 'unless']);

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  /** A method rather than a getter, so TypeScript does not narrow it across calls to next(). */
  private cur(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    this.index++;
    return token;
  }

  expect(kind: Token['kind'], what: string): Token {
    if (this.cur().kind !== kind) {
      throw this.error(`unexpected ${describe(this.cur())}, expected ${what}`);
    }
    return this.next();
  }

  private error(message: string): PromQLSyntaxError {
    return new PromQLSyntaxError(this.cur().position, message);
  }

  private binaryOperatorAt(level: number): BinaryOperator | undefined {
    const token = this.cur();
    const text = token.text as BinaryOperator;
    if (
      token.kind === 'operator' ||
      (token.kind === 'identifier' && SET_OPERATORS.has(text))
    ) {
      return PRECEDENCE[level].includes(text) ? text : undefined;
    }
    return undefined;
  }

  expression(level: number): Expr {
    if (level >= PRECEDENCE.length) {
      return this.unary();
    }
    let lhs = this.expression(level + 1);
    for (
      let op = this.binaryOperatorAt(level);
      op;
      op = this.binaryOperatorAt(level)
    ) {
      this.next();
      let returnBool = false;
      if (this.cur().kind === 'identifier' && this.cur().text === 'bool') {
        if (!COMPARISONS.has(op))
          throw this.error(
            'bool modifier can only be used on comparison operators',
          );
        this.next();
        returnBool = true;
      }
      const matching = this.vectorMatching(op);
      // `^` is right-associative: parse its right side at the same level.
      const rhs =
        op === '^' ? this.expression(level) : this.expression(level + 1);
      lhs = { type: 'binary', op, lhs, rhs, returnBool, matching };
      if (op === '^') break;
    }
    return lhs;
  }

  private vectorMatching(op: BinaryOperator): VectorMatching | undefined {
    const token = this.cur();
    if (
      token.kind !== 'identifier' ||
      (token.text !== 'on' && token.text !== 'ignoring')
    ) {
      return SET_OPERATORS.has(op)
        ? { card: 'many-to-one', on: false, labels: [], include: [] }
        : undefined;
    }
    this.next();
    const labels = this.labelList();
    const matching: VectorMatching = {
      card: SET_OPERATORS.has(op) ? 'many-to-one' : 'one-to-one',
      on: token.text === 'on',
      labels,
      include: [],
    };
    const group = this.cur();
    if (
      group.kind === 'identifier' &&
      (group.text === 'group_left' || group.text === 'group_right')
    ) {
      if (SET_OPERATORS.has(op))
        throw this.error(
          'no grouping allowed for "and", "or" and "unless" operations',
        );
      this.next();
      matching.card =
        group.text === 'group_left' ? 'many-to-one' : 'one-to-many';
      if (this.cur().kind === 'lparen') matching.include = this.labelList();
    }
    return matching;
  }

  private unary(): Expr {
    if (
      this.cur().kind === 'operator' &&
      (this.cur().text === '-' || this.cur().text === '+')
    ) {
      const op = this.next().text as '-' | '+';
      const expr = this.unary();
      if (expr.type === 'number')
        return { type: 'number', value: op === '-' ? -expr.value : expr.value };
      return { type: 'unary', op, expr };
    }
    return this.postfix(this.primary());
  }

  private postfix(expr: Expr): Expr {
    let result = expr;
    if (this.cur().kind === 'lbracket') result = this.rangeOrSubquery(result);
    if (this.cur().kind === 'identifier' && this.cur().text === 'offset') {
      this.next();
      const negative =
        this.cur().kind === 'operator' && this.cur().text === '-';
      if (negative) this.next();
      const offsetMs =
        parseDuration(this.expect('duration', 'a duration after offset').text) *
        (negative ? -1 : 1);
      if (result.type === 'vector') result = { ...result, offsetMs };
      else if (result.type === 'matrix')
        result = { ...result, vector: { ...result.vector, offsetMs } };
      else if (result.type === 'subquery') result = { ...result, offsetMs };
      else throw this.error('offset modifier must be preceded by a selector');
    }
    return result;
  }

  /** `selector[5m]` (a range selector) or `expr[1h:5m]` / `expr[1h:]` (a subquery). */
  private rangeOrSubquery(expr: Expr): Expr {
    this.next();
    const range = this.expect('duration', 'a duration such as 5m');
    if (this.cur().kind === 'colon') {
      this.next();
      const step =
        this.cur().kind === 'duration' ? this.next().text : undefined;
      this.expect('rbracket', '"]"');
      return {
        type: 'subquery',
        expr,
        rangeMs: parseDuration(range.text),
        ...(step ? { stepMs: parseDuration(step) } : {}),
        offsetMs: 0,
      };
    }
    if (expr.type !== 'vector') {
      throw this.error('ranges only allowed for vector selectors');
    }
    this.expect('rbracket', '"]"');
    return { type: 'matrix', vector: expr, rangeMs: parseDuration(range.text) };
  }

  private primary(): Expr {
    const token = this.cur();
    switch (token.kind) {
      case 'number':
        this.next();
        return { type: 'number', value: parseNumber(token.text) };
      case 'string':
        this.next();
        return { type: 'string', value: token.value ?? '' };
      case 'lparen': {
        this.next();
        const expr = this.expression(0);
        this.expect('rparen', '")"');
        return { type: 'paren', expr };
      }
      case 'lbrace':
        return this.vectorSelector(undefined);
      case 'identifier':
        return this.identifierExpression();
      default:
        throw this.error(`unexpected ${describe(token)}`);
    }
  }

  private identifierExpression(): Expr {
    const name = this.next().text;
    if (
      AGGREGATIONS.has(name as AggregationOperator) &&
      (this.cur().kind === 'lparen' || this.isGrouping())
    ) {
      return this.aggregation(name as AggregationOperator);
    }
    if (this.cur().kind === 'lparen') {
      this.next();
      const args: Expr[] = [];
      while (this.cur().kind !== 'rparen') {
        args.push(this.expression(0));
        if (this.cur().kind !== 'comma') break;
        this.next();
      }
      this.expect('rparen', '")" to close the call');
      return { type: 'call', name, args };
    }
    return this.vectorSelector(name);
  }

  private isGrouping(): boolean {
    return (
      this.cur().kind === 'identifier' &&
      (this.cur().text === 'by' || this.cur().text === 'without')
    );
  }

  private aggregation(op: AggregationOperator): Expr {
    let grouping = this.isGrouping() ? this.grouping() : undefined;
    this.expect('lparen', `"(" after ${op}`);
    let param: Expr | undefined;
    if (PARAMETERISED.has(op)) {
      param = this.expression(0);
      this.expect('comma', `"," after the parameter of ${op}`);
    }
    const expr = this.expression(0);
    this.expect('rparen', `")" to close ${op}`);
    if (this.isGrouping()) {
      if (grouping)
        throw this.error('aggregation must only contain one grouping clause');
      grouping = this.grouping();
    }
    return { type: 'aggregation', op, grouping, param, expr };
  }

  private grouping(): { mode: 'by' | 'without'; labels: string[] } {
    const mode = this.next().text as 'by' | 'without';
    return { mode, labels: this.labelList() };
  }

  private labelList(): string[] {
    this.expect('lparen', '"(" before the label list');
    const labels: string[] = [];
    while (this.cur().kind === 'identifier') {
      labels.push(this.next().text);
      if (this.cur().kind !== 'comma') break;
      this.next();
    }
    this.expect('rparen', '")" after the label list');
    return labels;
  }

  private vectorSelector(metricName: string | undefined): VectorSelector {
    const matchers: LabelMatcher[] = metricName
      ? [{ name: '__name__', op: '=', value: metricName }]
      : [];
    if (this.cur().kind === 'lbrace') {
      this.next();
      while (this.cur().kind === 'identifier') {
        const name = this.next().text;
        const op = this.expect('operator', 'a label matching operator');
        if (!['=', '!=', '=~', '!~'].includes(op.text)) {
          throw new PromQLSyntaxError(
            op.position,
            `unexpected "${op.text}" in label matching, expected one of "=", "!=", "=~" or "!~"`,
          );
        }
        const value = this.expect('string', 'a quoted label value');
        matchers.push({
          name,
          op: op.text as MatchOp,
          value: value.value ?? '',
        });
        if (this.cur().kind !== 'comma') break;
        this.next();
      }
      this.expect('rbrace', '"}"');
    }
    for (const matcher of matchers) {
      if (matcher.op === '=~' || matcher.op === '!~') {
        try {
          RegExp(`^(?:${matcher.value})$`);
        } catch {
          throw this.error(
            `invalid regular expression in label matcher: ${matcher.value}`,
          );
        }
      }
    }
    if (matchers.length === 0 || matchers.every(m => matchesEmpty(m))) {
      throw this.error(
        'vector selector must contain at least one non-empty matcher',
      );
    }
    return { type: 'vector', matchers, offsetMs: 0 };
  }
}

/** Parses a PromQL expression; throws {@link PromQLSyntaxError} with Prometheus' message shape. */
export function parsePromQL(input: string): Expr {
  const parser = new Parser(tokenize(input));
  const expr = parser.expression(0);
  parser.expect('eof', 'end of input');
  return expr;
}

function matchesEmpty(matcher: LabelMatcher): boolean {
  switch (matcher.op) {
    case '=':
      return matcher.value === '';
    case '!=':
      return matcher.value !== '';
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`).test('');
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test('');
    default:
      return false;
  }
}

function parseNumber(text: string): number {
  if (/^[iI]nf$/.test(text)) return Infinity;
  if (/^[nN]a[nN]$/.test(text)) return NaN;
  return Number(text);
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of input';
  return `${token.kind} ${JSON.stringify(token.text)}`;
}
