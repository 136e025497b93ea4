import type { Level } from '@gsv/plugin-gsv-ops-common';

const SEVERITY: Record<Level, number> = {
  critical: 3,
  warning: 2,
  unknown: 1,
  ok: 0,
};

/** Higher is worse: critical > warning > unknown > ok. */
export function severity(level: Level): number {
  return SEVERITY[level] ?? SEVERITY.unknown;
}

/** The worst of some levels; `ok` for none. */
export function worstLevel(levels: Iterable<Level>): Level {
  let worst: Level = 'ok';
  for (const level of levels) {
    if (severity(level) > severity(worst)) worst = level;
  }
  return worst;
}

/** A comparator that puts the worst first, then falls back to `tieBreak`. */
export function worstFirst<T>(
  getLevel: (item: T) => Level,
  tieBreak?: (a: T, b: T) => number,
) {
  return (a: T, b: T) =>
    severity(getLevel(b)) - severity(getLevel(a)) ||
    (tieBreak ? tieBreak(a, b) : 0);
}

/** The words we show next to the icon for each level. */
export const LEVEL_LABELS: Record<Level, string> = {
  ok: 'Healthy',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};
