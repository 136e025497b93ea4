import type { Level } from '@gsv/plugin-gsv-ops-common';

/** The words we show next to the icon for each level. */
export const LEVEL_LABELS: Record<Level, string> = {
  ok: 'Healthy',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};
