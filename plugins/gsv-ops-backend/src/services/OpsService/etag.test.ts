import { ViewMemo } from './etag';

describe('ViewMemo', () => {
  function setup(options: { minIntervalMs?: number; busyFactor?: number; computeMs: number }) {
    let now = 0;
    let monotonic = 0;
    const scheduled: Array<{ delayMs: number }> = [];
    const memo = new ViewMemo<string>({
      capacity: 4,
      minIntervalMs: options.minIntervalMs,
      busyFactor: options.busyFactor,
      now: () => now,
      monotonic: () => monotonic,
      schedule: (_task, delayMs) => scheduled.push({ delayMs }),
    });
    let computations = 0;
    const compute = (label: string) => () => {
      computations += 1;
      monotonic += options.computeMs;
      return label;
    };
    return {
      memo,
      compute,
      scheduled,
      computations: () => computations,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('keeps a value that took long to build for busyFactor times that long, then builds it again', () => {
    const { memo, compute, scheduled, computations, advance } = setup({ minIntervalMs: 1000, busyFactor: 10, computeMs: 300 });
    expect(memo.get('platform', 's1', 0, compute('first'), () => undefined)).toBe('first');
    advance(1500);
    // the cache moved on, but the last build took 300 ms: the stored value for 3 s, a rebuild scheduled after that
    expect(memo.get('platform', 's2', 0, compute('second'), () => undefined)).toBe('first');
    expect(scheduled).toEqual([{ delayMs: 1500 }]);
    advance(1500);
    expect(memo.get('platform', 's3', 0, compute('third'), () => undefined)).toBe('third');
    expect(computations()).toBe(2);
  });

  it('rebuilds a cheap value at once when its stamp changes (no minimum interval)', () => {
    const { memo, compute, computations, advance } = setup({ busyFactor: 10, computeMs: 2 });
    memo.get('entity', 's1', 0, compute('first'), () => undefined);
    advance(50);
    expect(memo.get('entity', 's2', 0, compute('second'), () => undefined)).toBe('second');
    expect(computations()).toBe(2);
  });
});
