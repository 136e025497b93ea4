import type { MetricThresholds } from '@gsv/plugin-gsv-ops-common';
import { sparklineDrawing } from './sparkline';

const draw = (series: [number, number][], thresholds?: MetricThresholds) =>
  sparklineDrawing({
    series,
    thresholds,
    max: 1,
    stepSeconds: 60,
    width: 200,
    height: 36,
  });

describe('sparklineDrawing', () => {
  it('draws consecutive points as one line with its fill, and a missing step as a gap', () => {
    const drawing = draw([
      [0, 0.5],
      [60, 1],
      [120, 0.5],
      [300, 0.2],
    ])!;
    expect(drawing.segments).toEqual(['M0.0,20.1 L40.0,6.2 L80.0,20.1']);
    expect(drawing.areas).toEqual([
      'M0.0,20.1 L40.0,6.2 L80.0,20.1 L80.0,36 L0.0,36 Z',
    ]);
    // the last point stands alone after the gap
    expect(drawing.dots).toEqual([[200, expect.closeTo(28.4, 1)]]);
  });

  it('draws the thresholds within the range only, and nothing without points', () => {
    const thresholds = { healthy: 0.5, warning: 0.8, critical: 2 };
    expect(draw([[0, 0.5]], thresholds)!.lines).toHaveLength(1);
    expect(draw([[0, Number.NaN]])).toBeUndefined();
  });
});
