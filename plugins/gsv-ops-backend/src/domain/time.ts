import { DateTime, Duration } from 'luxon';

/** Parses an RFC 3339 timestamp (also RFC3339Micro) into UTC; undefined when absent or invalid. */
export function parseTime(value: unknown): DateTime | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  return parsed.isValid ? parsed : undefined;
}

/** An ISO string in UTC with seconds precision, e.g. `2024-12-04T10:00:00Z`. */
export function isoString(time: DateTime): string {
  return time.toUTC().set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? '';
}

/** "3 days", "5 hours", "12 minutes", "40 seconds" (largest sensible unit, rounded down). */
export function humanDuration(duration: Duration | number): string {
  const ms = Math.abs(typeof duration === 'number' ? duration : duration.toMillis());
  const units: Array<[number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size) {
      const n = Math.floor(ms / size);
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return '0 seconds';
}

/**
 * Parses a Go duration string as Kubernetes objects carry them (`2160h0m0s`, `1h`, `30m`, `90s`, `1.5h`).
 * Returns undefined for anything else.
 */
export function parseGoDuration(value: unknown): Duration | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '0') return Duration.fromMillis(0);
  const pattern = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index !== consumed) return undefined;
    consumed += match[0].length;
    const n = Number(match[1]);
    const unitMs: Record<string, number> = {
      h: 3_600_000,
      m: 60_000,
      s: 1000,
      ms: 1,
      us: 0.001,
      µs: 0.001,
      ns: 0.000001,
    };
    total += n * unitMs[match[2]];
  }
  if (consumed === 0 || consumed !== text.length) return undefined;
  return Duration.fromMillis(total);
}
