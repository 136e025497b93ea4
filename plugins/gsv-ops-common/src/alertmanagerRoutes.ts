/**
 * Alertmanager's routing, as `dispatch/route.go` does it: which receivers an alert with a given label set reaches
 * through the `route` tree of an Alertmanager configuration (the `config.original` YAML of `GET /api/v2/status`,
 * parsed). Used by the backend to show where a rule's alerts go, and by the embedded Alertmanager to route its alerts.
 *
 * Semantics implemented:
 * - a route matches when all its matchers match: `matchers` (`name="value"`, `name=~"re"`, `name!="v"`, `name!~"re"`,
 *   quoted or not, several comma-separated in one item, optionally in `{…}`), and the legacy `match` (equality) and
 *   `match_re` (regex) maps; a missing label has the value `""`; regexes are anchored (`^(?:re)$`);
 * - the root route matches every alert (Alertmanager refuses matchers on it; we ignore them);
 * - children are tried in order: an alert goes to every matching child until one matches without `continue: true`;
 *   when no child matches, the alert stays with the parent;
 * - `receiver` and `group_by` are inherited from the parent when a route does not set them; `group_by: ['...']`
 *   groups by all labels.
 *
 * @packageDocumentation
 */

/** A route of an Alertmanager configuration, with the YAML's field names. @public */
export interface AlertmanagerRouteConfig {
  receiver?: string;
  group_by?: string[];
  continue?: boolean;
  matchers?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  routes?: AlertmanagerRouteConfig[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
}

/** One label matcher of a route. @public */
export interface AlertmanagerMatcher {
  name: string;
  type: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** A route an alert reaches: its receiver, grouping and where it is in the tree. @public */
export interface RoutedReceiver {
  receiver: string;
  /** The labels alerts are grouped by; `['...']` means all labels. */
  groupBy: string[];
  /** Child indexes from the root (`[]` is the root route, `[1, 0]` the first child of the second child). */
  path: number[];
  /** The matchers of the route that matched, as text (`severity="critical"`); empty for the root. */
  matchers: string[];
  continue: boolean;
}

const MATCHER = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/**
 * Parses one item of a route's `matchers` list: `a="b"`, `a=b`, `a="b",c=~"d"` or `{a="b", c=~"d"}`.
 * Throws on a malformed matcher.
 *
 * @public
 */
export function parseAlertmanagerMatchers(text: string): AlertmanagerMatcher[] {
  let body = text.trim();
  if (body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1);
  return splitOutsideQuotes(body)
    .filter(part => part.trim() !== '')
    .map(part => {
      const match = MATCHER.exec(part);
      if (!match) throw new Error(`bad matcher format: ${part.trim()}`);
      const [, name, type, raw] = match;
      return {
        name,
        type: type as AlertmanagerMatcher['type'],
        value: unquote(raw),
      };
    });
}

/** Whether a matcher accepts a label set (a missing label has the value ""). @public */
export function matchesLabels(
  matcher: AlertmanagerMatcher,
  labels: Record<string, string>,
): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.type) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return anchored(matcher.value).test(value);
    default:
      return !anchored(matcher.value).test(value);
  }
}

/**
 * The routes, in order, an alert with these labels reaches, starting at the root route. Never empty: an alert no
 * child takes stays with the root (the default route).
 *
 * @public
 */
export function routeAlert(
  root: AlertmanagerRouteConfig,
  labels: Record<string, string>,
): RoutedReceiver[] {
  return (
    walk(
      root,
      labels,
      { receiver: root.receiver ?? '', groupBy: root.group_by ?? [] },
      [],
      true,
    ) ?? []
  );
}

function walk(
  route: AlertmanagerRouteConfig,
  labels: Record<string, string>,
  inherited: { receiver: string; groupBy: string[] },
  path: number[],
  isRoot: boolean,
): RoutedReceiver[] | undefined {
  const matchers = isRoot ? [] : routeMatchers(route);
  if (!matchers.every(m => matchesLabels(m, labels))) return undefined;
  const own = {
    receiver: route.receiver ?? inherited.receiver,
    groupBy: route.group_by ?? inherited.groupBy,
  };
  const reached: RoutedReceiver[] = [];
  for (const [index, child] of (route.routes ?? []).entries()) {
    const matched = walk(child, labels, own, [...path, index], false);
    if (!matched) continue;
    reached.push(...matched);
    if (!child.continue) break;
  }
  if (reached.length > 0) return reached;
  return [
    {
      ...own,
      path,
      matchers: matchers.map(formatMatcher),
      continue: Boolean(route.continue),
    },
  ];
}

/** The matchers of a route: `matchers`, then the legacy `match` and `match_re`. @public */
export function routeMatchers(
  route: AlertmanagerRouteConfig,
): AlertmanagerMatcher[] {
  return [
    ...(route.matchers ?? []).flatMap(parseAlertmanagerMatchers),
    ...Object.entries(route.match ?? {}).map(([name, value]) => ({
      name,
      type: '=' as const,
      value: String(value),
    })),
    ...Object.entries(route.match_re ?? {}).map(([name, value]) => ({
      name,
      type: '=~' as const,
      value: String(value),
    })),
  ];
}

function formatMatcher(matcher: AlertmanagerMatcher): string {
  return `${matcher.name}${matcher.type}${JSON.stringify(matcher.value)}`;
}

const regexCache = new Map<string, RegExp>();

function anchored(source: string): RegExp {
  let regex = regexCache.get(source);
  if (!regex) {
    regex = new RegExp(`^(?:${source})$`);
    regexCache.set(source, regex);
  }
  return regex;
}

function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) {
      current += c + (text[i + 1] ?? '');
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (quoted)
    throw new Error(`unterminated quoted string in matchers: ${text}`);
  parts.push(current);
  return parts;
}

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw
      .slice(1, -1)
      .replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return raw;
}
