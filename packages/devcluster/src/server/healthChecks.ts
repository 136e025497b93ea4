import { ApiError } from '../api/errors';

/**
 * `/healthz`, `/livez` and `/readyz` as the API server answers them: `ok`, or with `?verbose` one `[+]<check> ok`
 * line per check and `<endpoint> check passed`; `?exclude=<check>` marks a check excluded; `/<endpoint>/<check>`
 * runs one check. The checks are the API server's names for what the emulator has: its store (etcd), the request
 * log, the informers of its controllers, the CRD and RBAC bootstrap.
 */

const COMMON_CHECKS = [
  'ping',
  'log',
  'etcd',
  'poststarthook/start-apiextensions-informers',
  'poststarthook/start-apiextensions-controllers',
  'poststarthook/crd-informer-synced',
  'poststarthook/start-system-namespaces-controller',
  'poststarthook/rbac/bootstrap-roles',
  'poststarthook/bootstrap-controller',
];

const CHECKS: Record<string, string[]> = {
  healthz: COMMON_CHECKS,
  livez: COMMON_CHECKS,
  readyz: [...COMMON_CHECKS.slice(0, 3), 'etcd-readiness', 'informer-sync', ...COMMON_CHECKS.slice(3), 'shutdown'],
};

export function isHealthPath(path: string): boolean {
  return Object.keys(CHECKS).includes(path.split('/')[1] ?? '');
}

export function healthReport(path: string, query: URLSearchParams): string {
  const [, endpoint, ...rest] = path.split('/');
  const checks = CHECKS[endpoint];
  if (rest.length) {
    if (!checks.includes(rest.join('/'))) throw new ApiError({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource', details: {} });
    return 'ok';
  }
  if (!query.has('verbose')) return 'ok';
  const excluded = new Set(query.getAll('exclude'));
  const lines = checks.map(check => (excluded.has(check) ? `[+]${check} excluded: ok` : `[+]${check} ok`));
  return `${lines.join('\n')}\n${endpoint} check passed\n`;
}
