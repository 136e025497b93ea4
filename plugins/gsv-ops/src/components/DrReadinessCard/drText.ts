import type { DrReadinessLine } from '@gsv/plugin-gsv-ops-common';
import { formatDuration } from '../../lib/format';

export const DR_STATUS_LABELS: Record<DrReadinessLine['status'], string> = {
  ready: 'Ready',
  'at-risk': 'At risk',
  'not-ready': 'Not ready',
};

/** "yes" / "no" for the restore point, e.g. "Yes, to 5 min ago". */
export function restorePointText(line: DrReadinessLine): string {
  const age = formatDuration(line.restorePointAgeSeconds);
  return `${line.canRestoreToPoint ? 'Yes' : 'No'}, to ${age} ago`;
}

/** The data a restore now would lose, against the target; says when it is only a bound or not measured. */
export function rpoText(line: DrReadinessLine): string {
  const target = `target ${formatDuration(line.rpoTargetSeconds)}`;
  if (line.rpoSeconds === undefined) {
    return line.window
      ? `Not measured: no WAL archiver metric, archiving reports working (${target})`
      : `Nothing recoverable (${target})`;
  }
  const loss = formatDuration(line.rpoSeconds);
  return `${line.rpoIsLowerBound ? 'At least ' : ''}${loss} (${target})`;
}
