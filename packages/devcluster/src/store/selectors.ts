import { badRequest } from '../api/errors';

/**
 * Label and field selectors with the semantics of k8s.io/apimachinery/pkg/labels and /fields: equality
 * (`=`, `==`, `!=`), set-based (`in`, `notin`, exists, `!exists`), numeric `>`/`<`, comma meaning AND. `!=` and
 * `notin` match objects that lack the key, which is why `role!=primary` also picks bootstrap job pods.
 */

export type LabelOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export class LabelSelector {
  static readonly everything = new LabelSelector([]);

  constructor(readonly requirements: LabelRequirement[]) {}

  /** Parses the string form used in `?labelSelector=`. Throws a 400 ApiError when malformed. */
  static parse(text: string | undefined | null): LabelSelector {
    if (!text || !text.trim()) return LabelSelector.everything;
    return new LabelSelector(splitTopLevel(text).map(parseLabelRequirement));
  }

  /** Converts a `metav1.LabelSelector` (matchLabels + matchExpressions). An empty selector matches everything. */
  static fromObject(selector: LabelSelectorObject | undefined): LabelSelector {
    if (!selector) return LabelSelector.everything;
    const requirements: LabelRequirement[] = [];
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
      requirements.push({ key, operator: 'In', values: [value] });
    }
    for (const expression of selector.matchExpressions ?? []) {
      const operator = expression.operator as LabelOperator;
      if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator)) {
        throw badRequest(`"${expression.operator}" is not a valid label selector operator`);
      }
      requirements.push({ key: expression.key, operator, values: expression.values ?? [] });
    }
    return new LabelSelector(requirements);
  }

  get isEverything(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Record<string, string> | undefined): boolean {
    for (const requirement of this.requirements) {
      if (!matchesRequirement(requirement, labels)) return false;
    }
    return true;
  }

  /** The canonical string form, as `Scale.status.selector` carries it. */
  toString(): string {
    return this.requirements
      .map(({ key, operator, values }) => {
        switch (operator) {
          case 'In':
            return values.length === 1 ? `${key}=${values[0]}` : `${key} in (${[...values].sort().join(',')})`;
          case 'NotIn':
            return values.length === 1 ? `${key}!=${values[0]}` : `${key} notin (${[...values].sort().join(',')})`;
          case 'Exists':
            return key;
          case 'DoesNotExist':
            return `!${key}`;
          case 'Gt':
            return `${key}>${values[0]}`;
          case 'Lt':
            return `${key}<${values[0]}`;
          default:
            return '';
        }
      })
      .join(',');
  }
}

function matchesRequirement(requirement: LabelRequirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? labels![requirement.key] : undefined;
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(value!);
    case 'NotIn':
      return !has || !requirement.values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has) return false;
      const actual = Number(value);
      const bound = Number(requirement.values[0]);
      if (Number.isNaN(actual)) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(part => part.trim()).filter(part => part.length > 0);
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

export function isValidLabelKey(key: string): boolean {
  return LABEL_KEY.test(key) && key.length <= 316;
}

export function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

function parseLabelRequirement(part: string): LabelRequirement {
  const fail = (why: string) => badRequest(`unable to parse requirement: ${why}`);
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  let requirement: LabelRequirement;
  if (setMatch) {
    const values = setMatch[3]
      .split(',')
      .map(value => value.trim())
      .filter((value, _index, all) => value.length > 0 || all.length === 1);
    requirement = { key: setMatch[1], operator: setMatch[2] === 'in' ? 'In' : 'NotIn', values };
  } else if (part.startsWith('!')) {
    requirement = { key: part.slice(1).trim(), operator: 'DoesNotExist', values: [] };
  } else {
    const opMatch = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(part);
    if (opMatch) {
      const [, key, op, value] = opMatch;
      const operators: Record<string, LabelOperator> = { '!=': 'NotIn', '>': 'Gt', '<': 'Lt', '=': 'In', '==': 'In' };
      const operator = operators[op];
      if ((operator === 'Gt' || operator === 'Lt') && Number.isNaN(Number(value))) {
        throw fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      requirement = { key, operator, values: [value.trim()] };
    } else if (/^\S+$/.test(part)) {
      requirement = { key: part, operator: 'Exists', values: [] };
    } else {
      throw badRequest(`unable to parse requirement: found '${part}', expected: identifier`);
    }
  }
  if (!isValidLabelKey(requirement.key)) {
    throw fail(`key: Invalid value: "${requirement.key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
  if (requirement.operator === 'In' || requirement.operator === 'NotIn') {
    for (const value of requirement.values) {
      if (!isValidLabelValue(value)) {
        throw fail(`values[0][${requirement.key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
      }
    }
  }
  return requirement;
}

export interface FieldRequirement {
  field: string;
  value: string;
  equals: boolean;
}

/** A parsed `?fieldSelector=`: AND of `field=value` / `field!=value`. */
export class FieldSelector {
  static readonly everything = new FieldSelector([]);

  constructor(readonly requirements: FieldRequirement[]) {}

  static parse(text: string | undefined | null): FieldSelector {
    if (!text || !text.trim()) return FieldSelector.everything;
    const requirements: FieldRequirement[] = [];
    for (const part of splitEscaped(text, ',')) {
      if (!part.trim()) continue;
      const match = /^((?:[^=!\\]|\\.)+?)\s*(==|=|!=)\s*((?:[^\\]|\\.)*)$/.exec(part.trim());
      if (!match) {
        throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
      }
      requirements.push({ field: match[1].trim(), value: unescapeFieldValue(match[3]), equals: match[2] !== '!=' });
    }
    return new FieldSelector(requirements);
  }

  get isEverything(): boolean {
    return this.requirements.length === 0;
  }

  /** The value this selector pins a field to with `=`, if any (e.g. metadata.name for single-object watches). */
  exactValue(field: string): string | undefined {
    return this.requirements.find(requirement => requirement.field === field && requirement.equals)?.value;
  }

  matches(fieldValue: (field: string) => string | undefined): boolean {
    for (const requirement of this.requirements) {
      const actual = fieldValue(requirement.field) ?? '';
      if ((actual === requirement.value) !== requirement.equals) return false;
    }
    return true;
  }
}

function splitEscaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\\' && index + 1 < text.length) {
      current += char + text[index + 1];
      index++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeFieldValue(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
