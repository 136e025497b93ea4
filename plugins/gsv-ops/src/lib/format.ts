import { Duration } from 'luxon';

const RELATIVE_UNITS: Array<{
  unit: Intl.RelativeTimeFormatUnit;
  seconds: number;
  upTo: number;
}> = [
  { unit: 'second', seconds: 1, upTo: 60 },
  { unit: 'minute', seconds: 60, upTo: 60 },
  { unit: 'hour', seconds: 3600, upTo: 24 },
  { unit: 'day', seconds: 86400, upTo: 30 },
  { unit: 'month', seconds: 30 * 86400, upTo: 12 },
  { unit: 'year', seconds: 365 * 86400, upTo: Infinity },
];

// Formatters are expensive to create and the Ops tab formats hundreds of times per render: make them once.
// (luxon formats through the same Intl APIs; parsing with Date.parse instead of DateTime.fromISO keeps a large
// view's first render fast.)
const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** Milliseconds of an ISO-8601 timestamp, or undefined when missing or unparsable. */
export function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * "3 minutes ago", "in 4 days": a relative time for people, against `now` (so a ticking clock re-renders it). A
 * future time is rounded to the nearest unit (luxon's `toRelative` truncates: 17 h 59 min would read "in 17 hours");
 * a past one is truncated, as ages are said (a backup taken 1 day 20 hours ago is "1 day ago", not "2 days ago").
 * Returns undefined for missing or unparsable timestamps; never invents a time.
 */
export function formatRelative(
  iso: string | undefined,
  now: number = Date.now(),
): string | undefined {
  const time = parseTime(iso);
  if (time === undefined) return undefined;
  const seconds = (time - now) / 1000;
  if (Math.abs(seconds) < 5) return 'just now';
  for (const { unit, seconds: size, upTo } of RELATIVE_UNITS) {
    const amount =
      seconds < 0 ? -Math.floor(-seconds / size) : Math.round(seconds / size);
    if (Math.abs(amount) < upTo) return relativeFormat.format(amount, unit);
  }
  return undefined;
}

const dateTimeCache = new Map<string, string>();

/** "Dec 4, 2026, 2:00 AM" in the user's locale and zone, for tooltips and secondary text. */
export function formatDateTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const cached = dateTimeCache.get(iso);
  if (cached !== undefined) return cached;
  const time = parseTime(iso);
  if (time === undefined) return undefined;
  const text = dateTimeFormat.format(time);
  if (dateTimeCache.size > 2000) dateTimeCache.clear();
  dateTimeCache.set(iso, text);
  return text;
}

/** "38 s", "4 min 12 s", "2 h 5 min", "3 d 4 h": durations as operators read them. */
export function formatDuration(
  seconds: number | undefined,
): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0)
    return undefined;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const d = Duration.fromObject({ seconds: whole }).shiftTo(
    'days',
    'hours',
    'minutes',
    'seconds',
  );
  const parts: string[] = [];
  if (d.days) parts.push(`${d.days} d`);
  if (d.hours) parts.push(`${d.hours} h`);
  if (d.minutes && !d.days) parts.push(`${d.minutes} min`);
  if (d.seconds && !d.days && !d.hours)
    parts.push(`${Math.round(d.seconds)} s`);
  return parts.slice(0, 2).join(' ');
}

/** Age in seconds as "12 s ago", "5 min ago"; used for cluster data ages given in seconds. */
export function formatAge(seconds: number | undefined): string | undefined {
  const duration = formatDuration(seconds);
  return duration ? `${duration} ago` : undefined;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Binary units, as Kubernetes quantities are written: "14.2 GiB". */
export function formatBytes(bytes: number | undefined): string | undefined {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0)
    return undefined;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value >= 100 || unit === 0 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** "72%" from a 0..1 ratio. */
export function formatPercent(ratio: number | undefined): string | undefined {
  if (ratio === undefined || !Number.isFinite(ratio)) return undefined;
  return `${Math.round(ratio * 100)}%`;
}

/**
 * The tag (or short digest) of an image reference: `ghcr.io/gsv/agent-registry:1.4.2` → `1.4.2`,
 * `repo/app@sha256:abcdef…` → `sha256:abcdef1`. A registry port is not a tag.
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) {
    const digest = image.slice(at + 1);
    const [algorithm, hex = ''] = digest.split(':');
    return `${algorithm}:${hex.slice(0, 7)}`;
  }
  const lastSlash = image.lastIndexOf('/');
  const lastColon = image.lastIndexOf(':');
  return lastColon > lastSlash ? image.slice(lastColon + 1) : 'latest';
}

/** The repository part of an image reference, without registry host: `ghcr.io/gsv/agent-registry:1.4.2` → `gsv/agent-registry`. */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  const repo =
    lastColon > lastSlash ? withoutDigest.slice(0, lastColon) : withoutDigest;
  const parts = repo.split('/');
  if (
    parts.length > 1 &&
    (parts[0].includes('.') ||
      parts[0].includes(':') ||
      parts[0] === 'localhost')
  ) {
    parts.shift();
  }
  return parts.join('/');
}

/** A git revision as people quote it: the first 7 characters of a sha, anything else unchanged. */
export function shortRevision(
  revision: string | undefined,
): string | undefined {
  if (!revision) return undefined;
  return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}

/** "1 pod", "3 pods". */
export function plural(
  count: number,
  singular: string,
  pluralForm = `${singular}s`,
): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `namespace/name`, how Kubernetes objects are named in keys and in text. */
export function namespacedName(object: {
  namespace?: string;
  name: string;
}): string {
  return `${object.namespace}/${object.name}`;
}
