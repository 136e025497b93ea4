import type { Level } from './types';

/** The levels from best to worst. @public */
export const LEVELS_BEST_TO_WORST: readonly Level[] = [
  'ok',
  'unknown',
  'warning',
  'critical',
];

const RANK = Object.fromEntries(
  LEVELS_BEST_TO_WORST.map((level, rank) => [level, rank]),
) as Record<Level, number>;

/**
 * How bad a level is, higher is worse: critical \> warning \> unknown \> ok. A value that is not a level (from a newer
 * backend, say) ranks as unknown. @public
 */
export function levelRank(level: Level): number {
  return RANK[level] ?? RANK.unknown;
}

/** Orders levels from best to worst: negative when `a` is better than `b`. @public */
export function compareLevels(a: Level, b: Level): number {
  return levelRank(a) - levelRank(b);
}

/** The worst of some levels; `ok` for none. @public */
export function worstLevel(levels: Iterable<Level>): Level {
  let worst: Level = 'ok';
  for (const level of levels) {
    if (levelRank(level) > levelRank(worst)) worst = level;
  }
  return worst;
}

/** A comparator that puts the worst items first, then falls back to `tieBreak`. @public */
export function worstFirst<T>(
  getLevel: (item: T) => Level,
  tieBreak?: (a: T, b: T) => number,
): (a: T, b: T) => number {
  return (a, b) =>
    compareLevels(getLevel(b), getLevel(a)) || (tieBreak ? tieBreak(a, b) : 0);
}
