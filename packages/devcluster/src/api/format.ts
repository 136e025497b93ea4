/**
 * Formatting shared by the table printers and controllers: human durations as kubectl prints them, Kubernetes
 * quantities, RFC3339 timestamps.
 */

/** kubectl's `duration.HumanDuration` (k8s.io/apimachinery/pkg/util/duration), from milliseconds. */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const rest = seconds % 60;
    return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const rest = hours % 24;
    return rest === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${rest}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    const years = Math.floor(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** Age of a timestamp as kubectl prints it, `<unknown>` when absent. */
export function age(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now - Date.parse(timestamp));
}

/** RFC3339 with seconds precision, as `metav1.Time` serialises. */
export function rfc3339(time: number): string {
  return `${new Date(time).toISOString().slice(0, 19)}Z`;
}

/** RFC3339 with microseconds, as `metav1.MicroTime` and CNPG timestamps serialise. */
export function rfc3339Micro(time: number): string {
  return `${new Date(time).toISOString().slice(0, 23)}000Z`;
}

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Parses a `resource.Quantity` string (`250m`, `1.5Gi`, `2e3`) into its value in base units. */
export function parseQuantity(quantity: string | number | undefined): number | undefined {
  if (quantity === undefined || quantity === null) return undefined;
  if (typeof quantity === 'number') return quantity;
  const match = /^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(
    quantity.trim(),
  );
  if (!match) return undefined;
  const value = Number(match[1]);
  if (Number.isNaN(value)) return undefined;
  if (match[2]) return value * 10 ** Number(match[2].slice(1));
  const suffix = match[3] ?? '';
  return value * (BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix] ?? 1);
}

/** Whether a string is a valid quantity. */
export function isQuantity(quantity: unknown): boolean {
  return (typeof quantity === 'string' || typeof quantity === 'number') && parseQuantity(quantity) !== undefined;
}

/** CPU in cores → the milli-core notation the metrics API uses (`12m`), or nanocores for tiny values. */
export function formatCpu(cores: number): string {
  const nanos = Math.max(0, Math.round(cores * 1e9));
  if (nanos % 1e6 === 0) return `${nanos / 1e6}m`;
  return `${nanos}n`;
}

/** Bytes → `Ki` notation, as the metrics API prints memory. */
export function formatMemory(bytes: number): string {
  return `${Math.max(0, Math.round(bytes / 1024))}Ki`;
}

/** Bytes → the largest exact binary suffix (`20Gi`). */
export function formatBytes(bytes: number): string {
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const unit = BINARY_SUFFIXES[suffix];
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return `${bytes}`;
}

/** Go `time.Duration` strings (`2160h0m0s`, `1h`, `30s`) → milliseconds. */
export function parseGoDuration(duration: string | undefined): number | undefined {
  if (!duration) return undefined;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 1e-6 };
  const pattern = /([0-9.]+)(ms|us|µs|ns|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const match of duration.matchAll(pattern)) {
    total += Number(match[1]) * units[match[2]];
    consumed += match[0].length;
  }
  return consumed === duration.length && consumed > 0 ? total : undefined;
}

/** Milliseconds → a Go duration string (`2160h0m0s`). */
export function formatGoDuration(milliseconds: number): string {
  const totalSeconds = Math.round(milliseconds / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
