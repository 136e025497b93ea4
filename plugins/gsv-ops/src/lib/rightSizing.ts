import type {
  ResourceRightSizing,
  RightSizingVerdict,
} from '@gsv/plugin-gsv-ops-common';
import { formatBytes } from './format';

/** CPU cores as people read them: "85m", "1.25 cores". */
export function formatCores(cores: number | undefined): string | undefined {
  if (cores === undefined || !Number.isFinite(cores) || cores < 0)
    return undefined;
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return `${Number(cores.toFixed(2))} ${cores === 1 ? 'core' : 'cores'}`;
}

/** A CPU (cores) or memory (bytes) amount. */
export function formatAmount(
  resource: 'cpu' | 'memory',
  value: number | undefined,
): string | undefined {
  return resource === 'cpu' ? formatCores(value) : formatBytes(value);
}

export const VERDICT_LABELS: Record<RightSizingVerdict, string> = {
  'under-provisioned': 'Under-provisioned',
  'over-provisioned': 'Over-provisioned',
  'no-request': 'No request',
  'not-enough-data': 'Not enough data yet',
  fine: 'Fine',
};

/** "250m / 1 core" (request / limit), with "none" for what is not set. */
export function requestAndLimit(
  resource: 'cpu' | 'memory',
  judged: ResourceRightSizing,
): string {
  const request = formatAmount(resource, judged.request) ?? 'none';
  const limit = formatAmount(resource, judged.limit) ?? 'no limit';
  return `${request} / ${limit}`;
}
