import { worstFirst, worstLevel, type Finding, type Level, type ObjectRef } from '@gsv/plugin-gsv-ops-common';

export { compareLevels, worstLevel } from '@gsv/plugin-gsv-ops-common';

/** Sorts findings worst first (stable: Array.prototype.sort keeps the order of equals). */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(worstFirst(f => f.level));
}

/** The level a list of findings adds up to; findings at level ok are informational. */
export function levelOf(findings: Finding[]): Level {
  return worstLevel(findings.map(f => f.level));
}

/** Findings that matter for a summary: everything above ok. */
export function notableFindings(findings: Finding[]): Finding[] {
  return findings.filter(f => f.level !== 'ok');
}

export function finding(level: Level, code: string, reason: string, object?: ObjectRef): Finding {
  return object ? { level, code, reason, object } : { level, code, reason };
}
