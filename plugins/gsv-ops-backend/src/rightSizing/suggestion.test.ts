import {
  judgeResource,
  roundCpuUp,
  roundMemoryUp,
  telling,
} from './suggestion';

const MI = 2 ** 20;
const judgement = {
  headroom: 1.2,
  overProvisionedBelow: 0.5,
  underProvisionedAbove: 1,
  enoughHistory: true,
};

describe('right-sizing suggestions', () => {
  it('rounds CPU up to quantities a person would write', () => {
    expect(roundCpuUp(0.0123)).toBe('15m');
    expect(roundCpuUp(0.0001)).toBe('5m');
    expect(roundCpuUp(0.1)).toBe('100m');
    expect(roundCpuUp(0.318)).toBe('325m');
    expect(roundCpuUp(1.234)).toBe('1300m');
    expect(roundCpuUp(2)).toBe('2');
  });

  it('rounds memory up to 16Mi, 64Mi or 256Mi steps', () => {
    expect(roundMemoryUp(150 * MI)).toBe('160Mi');
    expect(roundMemoryUp(1)).toBe('16Mi');
    expect(roundMemoryUp(700 * MI)).toBe('704Mi');
    expect(roundMemoryUp(1000 * MI)).toBe('1Gi');
    expect(roundMemoryUp(3000 * MI)).toBe('3Gi');
    expect(roundMemoryUp(3100 * MI)).toBe('3328Mi');
  });

  it('suggests p95 × headroom for an over-provisioned request, and what it frees', () => {
    const result = judgeResource(
      'memory',
      { request: 512 * MI, limit: 1024 * MI, p95: 150 * MI, replicas: 2 },
      judgement,
    );
    // 150Mi × 1.2 = 180Mi → 192Mi; frees (512 - 192) Mi on each of two pods
    expect(result).toEqual({
      request: 512 * MI,
      limit: 1024 * MI,
      p95: 150 * MI,
      ratio: 150 / 512,
      verdict: 'over-provisioned',
      suggestedRequest: '192Mi',
      reclaimable: 640 * MI,
    });
  });

  it('raises the limit with the request when the usage outgrew both', () => {
    const result = judgeResource(
      'cpu',
      { request: 0.25, limit: 0.5, p95: 0.6, replicas: 3 },
      judgement,
    );
    expect(result).toMatchObject({
      verdict: 'under-provisioned',
      suggestedRequest: '725m',
      suggestedLimit: '725m',
      reclaimable: 0,
    });
  });

  it('calls a ratio between the thresholds fine, and still says what the request would be', () => {
    expect(
      judgeResource(
        'cpu',
        { request: 0.25, p95: 0.155, replicas: 3 },
        judgement,
      ),
    ).toMatchObject({
      verdict: 'fine',
      suggestedRequest: '200m',
      reclaimable: 0,
    });
  });

  it('gives no verdict nor suggestion without enough history, and flags a missing request', () => {
    expect(
      judgeResource(
        'cpu',
        { request: 0.25, p95: 0.01, replicas: 1 },
        { ...judgement, enoughHistory: false },
      ),
    ).toEqual({
      request: 0.25,
      p95: 0.01,
      ratio: 0.04,
      verdict: 'not-enough-data',
      reclaimable: 0,
    });
    expect(
      judgeResource('memory', { p95: 100 * MI, replicas: 1 }, judgement),
    ).toMatchObject({ verdict: 'no-request', suggestedRequest: '128Mi' });
    expect(judgeResource('memory', { replicas: 1 }, judgement)).toEqual({
      verdict: 'no-request',
      reclaimable: 0,
    });
  });

  it('ranks verdicts: under-provisioned hurts first, then over-provisioned costs', () => {
    expect(telling('fine', 'over-provisioned')).toBe('over-provisioned');
    expect(telling('over-provisioned', 'under-provisioned')).toBe(
      'under-provisioned',
    );
    expect(telling('not-enough-data', 'fine')).toBe('not-enough-data');
  });
});
