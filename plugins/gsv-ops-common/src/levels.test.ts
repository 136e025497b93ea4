import type { Level } from './types';
import {
  compareLevels,
  LEVELS_BEST_TO_WORST,
  levelRank,
  worstFirst,
  worstLevel,
} from './levels';

describe('levels', () => {
  it('ranks critical > warning > unknown > ok, and anything else as unknown', () => {
    expect(LEVELS_BEST_TO_WORST).toEqual([
      'ok',
      'unknown',
      'warning',
      'critical',
    ]);
    expect(levelRank('critical')).toBeGreaterThan(levelRank('warning'));
    expect(levelRank('warning')).toBeGreaterThan(levelRank('unknown'));
    expect(levelRank('unknown')).toBeGreaterThan(levelRank('ok'));
    expect(levelRank('degraded' as Level)).toBe(levelRank('unknown'));
  });

  it('compares levels best first', () => {
    const levels: Level[] = ['critical', 'ok', 'warning', 'unknown', 'ok'];
    expect([...levels].sort(compareLevels)).toEqual([
      'ok',
      'ok',
      'unknown',
      'warning',
      'critical',
    ]);
    expect(compareLevels('warning', 'warning')).toBe(0);
  });

  it('finds the worst level, ok for none', () => {
    expect(worstLevel(['ok', 'warning', 'unknown'])).toBe('warning');
    expect(worstLevel(new Set<Level>(['unknown', 'ok']))).toBe('unknown');
    expect(worstLevel(['critical', 'warning'])).toBe('critical');
    expect(worstLevel([])).toBe('ok');
  });

  it('sorts items worst first, then by the tie-break', () => {
    const items = [
      { name: 'b', level: 'ok' as Level },
      { name: 'c', level: 'critical' as Level },
      { name: 'a', level: 'ok' as Level },
      { name: 'd', level: 'warning' as Level },
    ];
    expect(
      [...items]
        .sort(
          worstFirst(
            i => i.level,
            (x, y) => x.name.localeCompare(y.name),
          ),
        )
        .map(i => i.name),
    ).toEqual(['c', 'd', 'a', 'b']);
    // without a tie-break, equal levels keep their order
    expect([...items].sort(worstFirst(i => i.level)).map(i => i.name)).toEqual([
      'c',
      'd',
      'b',
      'a',
    ]);
  });
});
