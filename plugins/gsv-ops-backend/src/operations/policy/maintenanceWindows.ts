import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import type { MaintenanceWindow } from '../config/readOperationsConfig';

/** One concrete occurrence of a window. */
export interface WindowOccurrence {
  window: MaintenanceWindow;
  start: number;
  end: number;
}

/**
 * The occurrence of `window` that contains `now`, if any: a start in (now - duration, now]. Found with next() only, so
 * that "open" agrees with the "next window" we announce (cron-parser's prev() disagrees with next() across a DST gap).
 * With overlapping occurrences the latest end wins.
 */
export function openOccurrence(window: MaintenanceWindow, now: number): WindowOccurrence | undefined {
  const expression = CronExpressionParser.parse(window.cron, {
    currentDate: new Date(now - window.durationMs),
    tz: window.timezone,
  });
  let open: WindowOccurrence | undefined;
  for (let i = 0; i < 1000 && expression.hasNext(); i++) {
    const start = expression.next().getTime();
    if (start > now) break;
    open = { window, start, end: start + window.durationMs };
  }
  return open;
}

/** The next start of `window` after `now`. */
export function nextOccurrence(window: MaintenanceWindow, now: number): WindowOccurrence | undefined {
  try {
    const expression = CronExpressionParser.parse(window.cron, { currentDate: new Date(now), tz: window.timezone });
    const start = expression.next().getTime();
    return { window, start, end: start + window.durationMs };
  } catch {
    // A cron that never fires again (e.g. bounded by an end date) has no next occurrence.
    return undefined;
  }
}

/** "Tue 1 Dec 02:00 Europe/Berlin": how a person reads a time in the window's own zone. */
export function formatInZone(epochMs: number, timezone: string): string {
  return `${DateTime.fromMillis(epochMs, { zone: timezone }).setLocale('en-GB').toFormat('ccc d LLL HH:mm')} ${timezone}`;
}
