import { LOG_PATTERNS, type LogLine } from '@gsv/plugin-gsv-ops-common';

const COMPILED = LOG_PATTERNS.map(p => ({ id: p.id, regex: new RegExp(p.regex, p.ignoreCase ? 'i' : '') }));
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (.*)$/s;

/** A raw line of `kubectl logs --timestamps` as a LogLine, with the guide's patterns it matches. */
export function toLogLine(raw: string, pod: string, container: string): LogLine {
  const stamped = TIMESTAMP.exec(raw);
  const text = stamped ? stamped[2] : raw;
  return {
    pod,
    container,
    ...(stamped ? { time: stamped[1] } : {}),
    text,
    patterns: COMPILED.filter(p => p.regex.test(text)).map(p => p.id),
  };
}

/** What a reader asked to see: any of the chosen patterns (all lines when none), and the free text, case-insensitive. */
export interface LogFilter {
  patterns: string[];
  search?: string;
}

export function matchesFilter(line: LogLine, filter: LogFilter): boolean {
  if (filter.patterns.length > 0 && !line.patterns.some(p => filter.patterns.includes(p))) return false;
  if (filter.search && !line.text.toLocaleLowerCase('en-US').includes(filter.search.toLocaleLowerCase('en-US'))) return false;
  return true;
}

export const KNOWN_PATTERN_IDS = LOG_PATTERNS.map(p => p.id);
