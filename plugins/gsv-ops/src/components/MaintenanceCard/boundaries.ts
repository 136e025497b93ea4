import type { MaintenanceCalendar } from '@gsv/plugin-gsv-ops-common';

/** The next moment the calendar's answer changes: a window opens or closes, a freeze starts or ends. */
export function nextBoundary(
  calendar: MaintenanceCalendar | undefined,
): number | undefined {
  if (!calendar) return undefined;
  const now = Date.parse(calendar.generatedAt);
  const times = [
    calendar.openNow?.end,
    ...calendar.windows.map(w => w.next[0]?.start),
    ...calendar.freezes.flatMap(f => [f.from, f.to]),
  ]
    .filter((t): t is string => Boolean(t))
    .map(t => Date.parse(t))
    .filter(t => t > now);
  return times.length ? Math.min(...times) : undefined;
}

/** The soonest upcoming occurrence over all windows. */
export function soonestWindow(calendar: MaintenanceCalendar) {
  return calendar.windows
    .flatMap(w => (w.next[0] ? [{ name: w.name, ...w.next[0] }] : []))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
}
