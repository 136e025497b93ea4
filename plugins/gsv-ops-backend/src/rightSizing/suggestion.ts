import type {
  ResourceRightSizing,
  RightSizingVerdict,
} from '@gsv/plugin-gsv-ops-common';

export type Resource = 'cpu' | 'memory';

/** The thresholds a resource is judged by. */
export interface Judgement {
  headroom: number;
  overProvisionedBelow: number;
  underProvisionedAbove: number;
  /** Whether the p95 stands on at least the minimum history. */
  enoughHistory: boolean;
}

const MEBIBYTE = 2 ** 20;

/**
 * CPU cores rounded up to a quantity a person would write: 5m steps below 100m, 25m below one core, 100m above
 * (`0.0123` → `15m`, `0.318` → `325m`, `1.234` → `1300m`, `2` → `2`).
 */
export function roundCpuUp(cores: number): string {
  const exact = cores * 1000;
  let step = 100;
  if (exact < 100) step = 5;
  else if (exact < 1000) step = 25;
  const millis = Math.max(5, Math.ceil(exact / step - 1e-9) * step);
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes rounded up the same way: 16Mi steps below 256Mi, 64Mi below 2Gi, 256Mi above (`150Mi` → `160Mi`). */
export function roundMemoryUp(bytes: number): string {
  const exact = bytes / MEBIBYTE;
  let step = 256;
  if (exact < 256) step = 16;
  else if (exact < 2048) step = 64;
  const mebibytes = Math.max(16, Math.ceil(exact / step - 1e-9) * step);
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}

/** The value of a quantity this module wrote. */
function roundedValue(resource: Resource, quantity: string): number {
  if (resource === 'cpu') {
    return quantity.endsWith('m')
      ? Number(quantity.slice(0, -1)) / 1000
      : Number(quantity);
  }
  return quantity.endsWith('Gi')
    ? Number(quantity.slice(0, -2)) * 1024 * MEBIBYTE
    : Number(quantity.slice(0, -2)) * MEBIBYTE;
}

/**
 * Compares a container's request with its p95 usage: the verdict, and the request to set (p95 × headroom, rounded
 * up) with what it frees over all replicas. Without enough history there is a p95 but neither verdict nor suggestion.
 */
export function judgeResource(
  resource: Resource,
  input: {
    request?: number;
    limit?: number;
    p95?: number;
    replicas: number;
  },
  judgement: Judgement,
): ResourceRightSizing {
  const { request, limit, p95, replicas } = input;
  const base = {
    ...(request !== undefined ? { request } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(p95 !== undefined ? { p95 } : {}),
    ...(p95 !== undefined && request ? { ratio: p95 / request } : {}),
  };
  if (p95 === undefined || !judgement.enoughHistory) {
    return {
      ...base,
      verdict: request ? 'not-enough-data' : 'no-request',
      reclaimable: 0,
    };
  }
  const round = resource === 'cpu' ? roundCpuUp : roundMemoryUp;
  const suggestedRequest = round(p95 * judgement.headroom);
  const suggested = roundedValue(resource, suggestedRequest);
  let verdict: RightSizingVerdict = 'fine';
  if (!request) verdict = 'no-request';
  else if (p95 / request < judgement.overProvisionedBelow)
    verdict = 'over-provisioned';
  else if (p95 / request > judgement.underProvisionedAbove)
    verdict = 'under-provisioned';
  return {
    ...base,
    verdict,
    suggestedRequest,
    ...(limit !== undefined && suggested > limit
      ? { suggestedLimit: suggestedRequest }
      : {}),
    reclaimable:
      verdict === 'over-provisioned'
        ? Math.max(0, (request! - suggested) * replicas)
        : 0,
  };
}

const VERDICT_ORDER: RightSizingVerdict[] = [
  'under-provisioned',
  'over-provisioned',
  'no-request',
  'not-enough-data',
  'fine',
];

/** The more telling of two verdicts: under-provisioned first (it hurts), then over-provisioned (it costs). */
export function telling(
  a: RightSizingVerdict,
  b: RightSizingVerdict,
): RightSizingVerdict {
  return VERDICT_ORDER.indexOf(a) <= VERDICT_ORDER.indexOf(b) ? a : b;
}
