/** Splits a PromQL expression into tokens, with positions for error messages ("1:15: parse error: …"). */

export type TokenKind =
  | 'identifier'
  | 'number'
  | 'duration'
  | 'string'
  | 'operator'
  | 'lparen'
  | 'rparen'
  | 'lbrace'
  | 'rbrace'
  | 'lbracket'
  | 'rbracket'
  | 'comma'
  | 'colon'
  | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** The decoded value of string literals. */
  value?: string;
  position: number;
}

export class PromQLSyntaxError extends Error {
  constructor(readonly position: number, message: string) {
    super(`1:${position + 1}: parse error: ${message}`);
    this.name = 'PromQLSyntaxError';
  }
}

const OPERATORS = [
  '=~',
  '!~',
  '==',
  '!=',
  '>=',
  '<=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '>',
  '<',
  '=',
];
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+/;
const NUMBER =
  /^(0x[0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|[iI]nf|[nN]a[nN])/;
const IDENTIFIER = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  // Inside [...], ':' separates a subquery's range from its step instead of starting a metric name.
  let bracketDepth = 0;
  const single: Record<string, TokenKind> = {
    '(': 'lparen',
    ')': 'rparen',
    '{': 'lbrace',
    '}': 'rbrace',
    '[': 'lbracket',
    ']': 'rbracket',
    ',': 'comma',
  };
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < input.length && input[i] !== '\n') i++;
      continue;
    }
    if (c === ':' && bracketDepth > 0) {
      tokens.push({ kind: 'colon', text: c, position: i });
      i++;
      continue;
    }
    if (single[c]) {
      if (c === '[') bracketDepth++;
      if (c === ']') bracketDepth = Math.max(0, bracketDepth - 1);
      tokens.push({ kind: single[c], text: c, position: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const start = i;
      let value = '';
      i++;
      while (i < input.length && input[i] !== c) {
        if (input[i] === '\\' && c !== '`') {
          const next = input[i + 1];
          const escapes: Record<string, string> = {
            n: '\n',
            t: '\t',
            '\\': '\\',
            '"': '"',
            "'": "'",
          };
          if (next === undefined) break;
          value += escapes[next] ?? `\\${next}`;
          i += 2;
          continue;
        }
        value += input[i];
        i++;
      }
      if (i >= input.length) {
        throw new PromQLSyntaxError(start, 'unterminated quoted string');
      }
      i++;
      tokens.push({
        kind: 'string',
        text: input.slice(start, i),
        value,
        position: start,
      });
      continue;
    }
    const rest = input.slice(i);
    // A duration starts with a digit and ends with a unit; it is only valid inside [] or after offset,
    // which the parser checks.
    const duration = DURATION.exec(rest);
    const afterDuration = rest.slice(duration?.[0].length ?? 0);
    if (
      duration &&
      !/^[a-zA-Z0-9_]/.test(afterDuration) &&
      (bracketDepth > 0 || !afterDuration.startsWith(':'))
    ) {
      tokens.push({ kind: 'duration', text: duration[0], position: i });
      i += duration[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number && (/[0-9.]/.test(c) || /^(inf|nan)$/i.test(number[0]))) {
      const after = rest.slice(number[0].length);
      if (!/^(inf|nan)$/i.test(number[0]) || !/^[a-zA-Z0-9_:]/.test(after)) {
        tokens.push({ kind: 'number', text: number[0], position: i });
        i += number[0].length;
        continue;
      }
    }
    const identifier = IDENTIFIER.exec(rest);
    if (identifier) {
      tokens.push({ kind: 'identifier', text: identifier[0], position: i });
      i += identifier[0].length;
      continue;
    }
    const operator = OPERATORS.find(op => rest.startsWith(op));
    if (operator) {
      tokens.push({ kind: 'operator', text: operator, position: i });
      i += operator.length;
      continue;
    }
    throw new PromQLSyntaxError(
      i,
      `unexpected character: ${JSON.stringify(c)}`,
    );
  }
  tokens.push({ kind: 'eof', text: '', position: input.length });
  return tokens;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

export function parseDuration(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total;
}
