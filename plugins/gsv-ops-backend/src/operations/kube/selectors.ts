/** A `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** The string form the API server takes in `?labelSelector=` (metav1.FormatLabelSelector). */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) parts.push(`${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = [...(expression.values ?? [])].sort().join(',');
    switch (expression.operator) {
      case 'In':
        parts.push(`${expression.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${expression.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(expression.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${expression.key}`);
        break;
      default:
        throw new Error(`Unknown label selector operator ${(expression as { operator: string }).operator}`);
    }
  }
  return parts.join(',');
}

/** Whether labels match a selector (for objects we already hold). */
export function matchesSelector(labels: Record<string, string> | undefined, selector: LabelSelector | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (l[key] !== value) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(l[e.key]))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(l[e.key])) return false;
  }
  return true;
}
