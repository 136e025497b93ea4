import { runCommand, type CommandWorld } from './containerCommands';
import type { SimulatedTable } from './postgresCommands';

function worldOf(options: {
  ready: boolean;
  env?: Record<string, string>;
}): CommandWorld & { saved: SimulatedTable[][] } {
  const saved: SimulatedTable[][] = [];
  const tables: SimulatedTable[] = [
    {
      schema: 'public',
      name: 'small',
      live: 90,
      dead: 10,
      sizeBytes: 1000,
      lastAutovacuum: Date.UTC(2026, 0, 2, 3, 4, 5),
    },
    {
      schema: 'public',
      name: 'bloated',
      live: 600,
      dead: 400,
      sizeBytes: 10_000,
    },
  ];
  const env = { PGHOST: 'db-rw', ...options.env };
  return {
    saved,
    migrations: () => undefined,
    migrationFailure: () => undefined,
    markApplied: () => undefined,
    env: name => env[name as keyof typeof env],
    postgres: host =>
      host === 'db-rw'
        ? {
            ready: options.ready,
            address: '10.96.0.9',
            tables: () => tables,
            save: t => saved.push(t),
          }
        : undefined,
    http: () => ({ reachable: false, reason: 'unresolved' }),
    now: () => Date.UTC(2026, 5, 1),
  };
}

const BLOAT = 'SELECT schemaname, relname FROM pg_stat_user_tables';

describe('simulated psql and pg_isready', () => {
  it('prints the bloat report as CSV, most dead tuples first', () => {
    const run = runCommand(
      ['psql', '-X', '--csv', '-c', BLOAT],
      worldOf({ ready: true }),
    )!;
    expect(run).toMatchObject({ exitCode: 0 });
    expect(run.lines).toEqual([
      'schemaname,relname,n_live_tup,n_dead_tup,dead_pct,last_vacuum,last_autovacuum,est_bloat_bytes',
      'public,bloated,600,400,40.0,,,4000',
      'public,small,90,10,10.0,,2026-01-02 03:04:05.000+00,100',
    ]);
  });

  it('vacuums one table (or all) and the change lands when the container finishes', () => {
    const world = worldOf({ ready: true });
    const run = runCommand(
      [
        '/usr/bin/psql',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        'VACUUM (ANALYZE) public.bloated',
        '--csv',
        '-c',
        BLOAT,
      ],
      world,
    )!;
    expect(run.exitCode).toBe(0);
    expect(run.lines[0]).toBe('VACUUM');
    expect(run.lines).toContain(
      'public,bloated,600,0,0.0,2026-06-01 00:00:00.000+00,,0',
    );
    expect(world.saved).toEqual([]);
    run.commit!();
    expect(world.saved[0].map(t => t.dead)).toEqual([10, 0]);
    expect(
      runCommand(['psql', '-c', 'VACUUM (ANALYZE)'], world)!.lines,
    ).toEqual(['VACUUM']);
  });

  it('fails like psql: unknown table, unknown statement, unresolvable host, a database that is not ready', () => {
    const ready = worldOf({ ready: true });
    expect(runCommand(['psql', '-c', 'VACUUM missing'], ready)).toMatchObject({
      exitCode: 1,
      lines: ['ERROR:  relation "missing" does not exist'],
    });
    expect(
      runCommand(['psql', '-c', 'DROP TABLE small'], ready)!.exitCode,
    ).toBe(1);
    expect(
      runCommand(['psql', '-h', 'nowhere', '-c', 'SELECT 1'], ready),
    ).toMatchObject({
      exitCode: 2,
      lines: [
        'psql: error: could not translate host name "nowhere" to address: Name or service not known',
      ],
    });
    const down = runCommand(
      ['psql', '-c', 'SELECT 1'],
      worldOf({ ready: false }),
    )!;
    expect(down.exitCode).toBe(2);
    expect(down.lines[0]).toBe(
      'psql: error: connection to server at "db-rw" (10.96.0.9), port 5432 failed: Connection refused',
    );
  });

  it('answers pg_isready and SELECT 1 iff the database is ready', () => {
    expect(
      runCommand(['pg_isready', '-t', '5'], worldOf({ ready: true })),
    ).toEqual({ exitCode: 0, lines: ['db-rw:5432 - accepting connections'] });
    expect(
      runCommand(
        ['pg_isready', '-h', 'db-rw', '-p', '6432'],
        worldOf({ ready: false }),
      ),
    ).toEqual({ exitCode: 2, lines: ['db-rw:6432 - no response'] });
    expect(
      runCommand(['psql', '--csv', '-c', 'SELECT 1'], worldOf({ ready: true }))!
        .lines,
    ).toEqual(['?column?', '1']);
  });
});
