import { DateTime } from 'luxon';
import { pvc, NOW_ISO } from '../__fixtures__/objects';
import { pvcView } from './pvcs';
import { parseQuantity } from './quantities';
import { DEFAULT_THRESHOLDS } from './thresholds';

const now = DateTime.fromISO(NOW_ISO, { zone: 'utc' });
const thresholds = DEFAULT_THRESHOLDS;

describe('pvcView', () => {
  const usage = (ratio: number) => ({ usedBytes: Math.round(ratio * 20 * 2 ** 30), capacityBytes: 20 * 2 ** 30, measuredAt: now.toMillis() });

  it('uses the ops guide thresholds: < 70 ok, ≥ 80 warning, ≥ 90 critical', () => {
    expect(pvcView(pvc('cmp-postgres-1'), { thresholds, usage: usage(0.5), usedByPods: [] }).level).toBe('ok');
    const elevated = pvcView(pvc('cmp-postgres-1'), { thresholds, usage: usage(0.75), usedByPods: [] });
    expect(elevated.level).toBe('ok');
    expect(elevated.findings.map(f => f.code)).toEqual(['pvc.usage']);
    expect(pvcView(pvc('cmp-postgres-1'), { thresholds, usage: usage(0.85), usedByPods: [] }).level).toBe('warning');
    const full = pvcView(pvc('cmp-postgres-2'), { thresholds, usage: usage(0.92), usedByPods: ['cmp-postgres-2'] });
    expect(full.level).toBe('critical');
    expect(full.usedRatio).toBeCloseTo(0.92);
    expect(full.findings[0].reason).toBe('PVC cmp/cmp-postgres-2 is 92% full (18.4 GiB of 20 GiB); critical from 90%');
  });

  it('leaves usage unknown (never 0) without a kubelet figure', () => {
    const view = pvcView(pvc('data'), { thresholds, usedByPods: [] });
    expect(view.usedBytes).toBeUndefined();
    expect(view.usedRatio).toBeUndefined();
    expect(view.capacityBytes).toBe(20 * 2 ** 30);
    expect(view.level).toBe('unknown');
    expect(view.findings).toEqual([]);
  });

  it('parses quantities', () => {
    expect(parseQuantity('20Gi')).toBe(20 * 2 ** 30);
    expect(parseQuantity('500M')).toBe(5e8);
    expect(parseQuantity('1.5e3')).toBe(1500);
    expect(parseQuantity('100m')).toBeCloseTo(0.1);
    expect(parseQuantity('twenty')).toBeUndefined();
  });
});
