import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  GSV_OPS_ANNOTATIONS,
  type DiagnosticCheck,
} from '@gsv/plugin-gsv-ops-common';

/** A declared HTTP dependency of a service. */
export interface Dependency {
  name: string;
  url: string;
}

const START = 'gsv-check-start';
const END = 'gsv-check-end';

/** `gsv.io/dependencies: qdrant=http://qdrant.cmp.svc:6333/healthz, …` of the entity; InputError when malformed. */
export function declaredDependencies(entity: Entity | undefined): Dependency[] {
  const value =
    entity?.metadata.annotations?.[GSV_OPS_ANNOTATIONS.dependencies]?.trim();
  if (!value) return [];
  return value.split(',').map(entry => {
    const match = /^\s*([a-z0-9][a-z0-9-]{0,62})\s*=\s*(\S+)\s*$/.exec(entry);
    let url: URL | undefined;
    try {
      url = match ? new URL(match[2]) : undefined;
    } catch {
      url = undefined;
    }
    if (
      !match ||
      !url ||
      !/^https?:$/.test(url.protocol) ||
      /['"\\\s$`]/.test(match[2])
    ) {
      throw new InputError(
        `The annotation ${
          GSV_OPS_ANNOTATIONS.dependencies
        } has '${entry.trim()}'; each entry is <name>=<http(s) URL>, e.g. qdrant=http://qdrant.cmp.svc:6333/healthz`,
      );
    }
    return { name: match[1], url: match[2] };
  });
}

/**
 * The Job's script: the database (pg_isready with the service's own env: `PGHOST`, else `DATABASE_HOST`), then each
 * dependency (`curl -fsS`), each between a start and an end line whose log timestamps give its latency.
 */
export function diagnosticsScript(dependencies: Dependency[]): string {
  const check = (name: string, command: string) => [
    `echo "${START} ${name}"`,
    `${command} 2>&1`,
    `echo "${END} ${name} $?"`,
  ];
  return [
    ...check(
      'database',
      'pg_isready -h "${PGHOST:-${DATABASE_HOST:-}}" -p "${PGPORT:-${DATABASE_PORT:-5432}}" -t 5',
    ),
    ...dependencies.flatMap(d =>
      check(d.name, `curl -fsS -o /dev/null -m 5 '${d.url}'`),
    ),
    'true',
  ].join('\n');
}

/** `2026-01-01T00:00:00.123456789Z text` (kubectl logs --timestamps) → time and text. */
function stamped(line: string): { at?: number; text: string } {
  const match = /^(\d{4}-\d\d-\d\dT\S+Z)\s(.*)$/.exec(line);
  return match ? { at: Date.parse(match[1]), text: match[2] } : { text: line };
}

/** The checks of the Job's timestamped log, in order. */
export function parseDiagnostics(
  log: string[],
  dependencies: Dependency[],
): DiagnosticCheck[] {
  const checks: DiagnosticCheck[] = [];
  let current: { name: string; at?: number; output: string[] } | undefined;
  for (const line of log.map(stamped)) {
    const [marker, name, status] = line.text.split(' ');
    if (marker === START) current = { name, at: line.at, output: [] };
    else if (marker === END && current?.name === name) {
      const dependency = dependencies.find(d => d.name === name);
      const ok = status === '0';
      const output = current.output.join(' ').trim();
      checks.push({
        name,
        kind: dependency ? 'http' : 'database',
        target: dependency?.url ?? '$PGHOST or $DATABASE_HOST of the service',
        ok,
        ...(current.at !== undefined && line.at !== undefined
          ? { latencyMs: Math.max(0, line.at - current.at) }
          : {}),
        message: output || (ok ? 'reachable' : `exit code ${status}`),
      });
      current = undefined;
    } else current?.output.push(line.text);
  }
  return checks;
}
