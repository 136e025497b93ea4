import { backendWrites, useTestbed } from '../__testUtils__/testbed';
import {
  declaredDependencies,
  diagnosticsScript,
  parseDiagnostics,
} from './diagnosticsScript';

jest.setTimeout(60_000);

describe('service-diagnostics against the embedded cluster', () => {
  const bed = useTestbed();

  it('checks the database and the declared dependencies from a Job; the unreachable one is a finding, not a failure', async () => {
    bed.dev.requestLog.clear();
    const op = await bed.start('service-diagnostics', {
      namespace: 'cmp',
      deployment: 'agent-registry',
    });
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(done.steps.find(s => s.name === 'policy')?.message).toMatch(
      /^Read-only: service-diagnostics changes nothing/,
    );
    expect(done.summary).toBe(
      '1 of 3 checks of cmp/agent-registry failed: llm-gateway (curl: (6) Could not resolve host: llm-gateway.cmp.svc)',
    );
    const checks = (done.result as any).checks;
    expect(checks.map((c: any) => `${c.name}:${c.kind}:${c.ok}`)).toEqual([
      'database:database:true',
      'qdrant:http:true',
      'llm-gateway:http:false',
    ]);
    expect(checks[0].message).toBe(
      'cmp-postgres-rw:5432 - accepting connections',
    );
    for (const check of checks)
      expect(check.latencyMs).toBeGreaterThanOrEqual(0);
    expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}`)).toEqual([
      'create jobs',
      'delete jobs',
    ]);
  });
});

describe('diagnostics script and output', () => {
  const entity = (value: string) => ({
    apiVersion: 'v1',
    kind: 'Component',
    metadata: { name: 'x', annotations: { 'gsv.io/dependencies': value } },
  });

  it('reads gsv.io/dependencies and refuses entries that are not name=http(s) URL', () => {
    expect(
      declaredDependencies(
        entity(' qdrant=http://qdrant:6333/healthz , s3=https://s3.example/'),
      ),
    ).toEqual([
      { name: 'qdrant', url: 'http://qdrant:6333/healthz' },
      { name: 's3', url: 'https://s3.example/' },
    ]);
    expect(declaredDependencies(undefined)).toEqual([]);
    expect(() => declaredDependencies(entity('qdrant'))).toThrow(
      /each entry is <name>=<http\(s\) URL>/,
    );
    expect(() =>
      declaredDependencies(entity("x=http://a/';rm -rf /'")),
    ).toThrow(/gsv\.io\/dependencies/);
    expect(() => declaredDependencies(entity('x=ftp://a/'))).toThrow(
      /gsv\.io\/dependencies/,
    );
  });

  it('times each check from the log timestamps', () => {
    const dependencies = [{ name: 'qdrant', url: 'http://q/' }];
    expect(diagnosticsScript(dependencies)).toContain(
      "curl -fsS -o /dev/null -m 5 'http://q/' 2>&1",
    );
    const log = [
      '2026-01-01T00:00:00.100000000Z gsv-check-start database',
      '2026-01-01T00:00:00.150000000Z db:5432 - no response',
      '2026-01-01T00:00:00.400000000Z gsv-check-end database 2',
      '2026-01-01T00:00:00.500000000Z gsv-check-start qdrant',
      '2026-01-01T00:00:00.520000000Z gsv-check-end qdrant 0',
    ];
    expect(parseDiagnostics(log, dependencies)).toEqual([
      {
        name: 'database',
        kind: 'database',
        target: '$PGHOST or $DATABASE_HOST of the service',
        ok: false,
        latencyMs: 300,
        message: 'db:5432 - no response',
      },
      {
        name: 'qdrant',
        kind: 'http',
        target: 'http://q/',
        ok: true,
        latencyMs: 20,
        message: 'reachable',
      },
    ]);
  });
});
