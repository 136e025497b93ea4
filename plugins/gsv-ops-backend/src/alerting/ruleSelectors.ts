import {
  matchesLabels,
  type AlertmanagerMatcher,
  type AlertRuleMatch,
} from '@gsv/plugin-gsv-ops-common';

/** The label matchers of one vector selector (`{job="x", status=~"5.."}`); same operators as Alertmanager's. */
export type SelectorMatchers = AlertmanagerMatcher[];

const MATCHER =
  /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*$/;

/**
 * The label matchers of every vector selector of a PromQL expression. In PromQL, braces only ever enclose a
 * selector's matchers, so each `{…}` outside strings and comments is one selector; metric names outside braces
 * carry no label matchers. Strings may use `"`, `'` (with escapes) or backticks (raw). Throws on a selector it
 * cannot read (the caller treats the rule as matching nothing).
 */
export function selectorMatchers(expr: string): SelectorMatchers[] {
  const selectors: SelectorMatchers[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') i = endOfString(expr, i);
    else if (c === '#')
      i = expr.indexOf('\n', i) < 0 ? expr.length : expr.indexOf('\n', i);
    else if (c === '{') {
      const end = closingBrace(expr, i);
      selectors.push(parseSelector(expr.slice(i + 1, end)));
      i = end + 1;
    } else i++;
  }
  return selectors;
}

/**
 * How a rule's expression selects a service: `job` when one of its selectors has an `=` or `=~` matcher on `job`
 * and every `job` matcher of that selector accepts the service's job; `namespace` likewise for the namespace.
 * Only positive matchers count: `job!="x"` alone selects every other job and is not a reason to show the rule.
 * Matchers on other labels (pod, deployment, persistentvolumeclaim) do not narrow it further.
 */
export function selectedBy(
  expr: string,
  service: { job?: string; namespace?: string },
): AlertRuleMatch[] {
  let selectors: SelectorMatchers[];
  try {
    selectors = selectorMatchers(expr);
  } catch {
    return [];
  }
  const reasons: AlertRuleMatch[] = [];
  const selects = (label: string, value: string | undefined) =>
    value !== undefined &&
    selectors.some(matchers => {
      const own = matchers.filter(m => m.name === label);
      return (
        own.some(m => m.type === '=' || m.type === '=~') &&
        own.every(m => matchesLabels(m, { [label]: value }))
      );
    });
  if (selects('job', service.job)) reasons.push('job');
  if (selects('namespace', service.namespace)) reasons.push('namespace');
  return reasons;
}

function endOfString(expr: string, start: number): number {
  const quote = expr[start];
  for (let i = start + 1; i < expr.length; i++) {
    if (expr[i] === '\\' && quote !== '`') i++;
    else if (expr[i] === quote) return i + 1;
  }
  throw new Error('unterminated string');
}

function closingBrace(expr: string, open: number): number {
  let i = open + 1;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') i = endOfString(expr, i);
    else if (c === '}') return i;
    else i++;
  }
  throw new Error('unclosed selector');
}

function parseSelector(body: string): SelectorMatchers {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '"' || c === "'" || c === '`') i = endOfString(body, i);
    else {
      if (c === ',') {
        parts.push(body.slice(start, i));
        start = i + 1;
      }
      i++;
    }
  }
  parts.push(body.slice(start));
  return parts
    .filter(part => part.trim() !== '')
    .map(part => {
      const match = MATCHER.exec(part);
      if (!match) throw new Error(`unreadable matcher ${part.trim()}`);
      const [, name, type, quoted] = match;
      const raw = quoted.slice(1, -1);
      const value = quoted.startsWith('`') ? raw : raw.replace(/\\(.)/g, '$1');
      return { name, type: type as AlertmanagerMatcher['type'], value };
    });
}
