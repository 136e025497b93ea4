const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
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

/**
 * A Kubernetes resource quantity (`500m`, `2`, `1.5Gi`, `512Mi`, `1e3`, `20Gi`) as a number of base units (cores,
 * bytes); a number is taken as is; undefined when it is not a quantity. (`@kubernetes/client-node` has a parser,
 * `quantityToScalar`, but not in its public entry point.)
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)(?:([eE][-+]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(value.trim());
  if (!match) return undefined;
  const [, number, exponent, suffix = ''] = match;
  const amount = Number(number) * (exponent ? 10 ** Number(exponent.slice(1)) : 1);
  if (!Number.isFinite(amount)) return undefined;
  return amount * (BINARY[suffix] ?? DECIMAL[suffix]);
}

/** CPU cores as a quantity, rounded up to 50 millicores: 1.2 → `1200m`, 2 → `2`. */
export function formatCpu(cores: number): string {
  const millis = Math.ceil((cores * 1000) / 50) * 50;
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes as a quantity, rounded up to 64 MiB: `1536Mi`, `4Gi`. */
export function formatMemory(bytes: number): string {
  const mebibytes = Math.ceil(bytes / 2 ** 20 / 64) * 64;
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}
