import type { Finding, Level, ObjectRef } from '@gsv/plugin-gsv-ops-common';

const RANK: Record<Level, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

/** The worse of levels: critical > warning > unknown > ok. An empty list is ok. */
export function worstLevel(levels: Iterable<Level>): Level {
  let worst: Level = 'ok';
  for (const level of levels) {
    if (RANK[level] > RANK[worst]) worst = level;
  }
  return worst;
}

/** Sorts findings worst first (stable). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((item, index) => ({ item, index }))
    .sort((a, b) => RANK[b.item.level] - RANK[a.item.level] || a.index - b.index)
    .map(({ item }) => item);
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

export function compareLevels(a: Level, b: Level): number {
  return RANK[a] - RANK[b];
}
