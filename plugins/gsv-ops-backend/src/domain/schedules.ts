import { CronExpressionParser } from 'cron-parser';
import { DateTime, Duration } from 'luxon';
import { parseGoDuration } from './time';

export type ParsedSchedule =
  | { valid: true; next: DateTime; previous: DateTime; period: Duration }
  | { valid: false; error: string };

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

/**
 * A CloudNativePG ScheduledBackup schedule: robfig/cron with **six** fields (seconds first), or a descriptor
 * (`@daily`, `@every 6h`, …), evaluated in UTC (the operator's zone). A five-field expression is what CNPG
 * rejects, so it is reported as invalid rather than silently read minute-first.
 */
export function parseCnpgSchedule(schedule: string, now: DateTime): ParsedSchedule {
  const text = schedule.trim();
  const every = /^@every\s+(.+)$/.exec(text);
  if (every) {
    const period = parseGoDuration(every[1]);
    if (!period || period.toMillis() <= 0) return { valid: false, error: `Invalid interval in "${schedule}"` };
    // robfig's @every runs relative to the scheduler start, which we do not know: report the period only.
    return { valid: true, next: now.plus(period), previous: now.minus(period), period };
  }
  const expression = DESCRIPTORS[text] ?? text;
  const fields = expression.split(/\s+/).filter(Boolean);
  if (fields.length !== 6) {
    return {
      valid: false,
      error: `Schedule "${schedule}" has ${fields.length} fields; CloudNativePG expects 6 (seconds minutes hours day-of-month month day-of-week)`,
    };
  }
  try {
    const options = { currentDate: now.toJSDate(), tz: 'UTC' };
    const next = DateTime.fromJSDate(CronExpressionParser.parse(expression, options).next().toDate(), { zone: 'utc' });
    const previous = DateTime.fromJSDate(CronExpressionParser.parse(expression, options).prev().toDate(), { zone: 'utc' });
    // The period around now; for irregular schedules (e.g. weekdays only) the gap that contains now.
    const period = next.diff(previous);
    return { valid: true, next, previous, period };
  } catch (e) {
    return { valid: false, error: `Invalid schedule "${schedule}": ${(e as Error).message}` };
  }
}
