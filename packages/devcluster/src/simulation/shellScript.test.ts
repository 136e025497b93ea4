import type { CommandWorld } from './containerCommands';
import { runShellScript } from './shellScript';

const world: CommandWorld = {
  migrations: () => undefined,
  migrationFailure: () => undefined,
  markApplied: () => undefined,
  env: name => (({ DATABASE_HOST: 'db-rw' } as Record<string, string>)[name]),
  postgres: host =>
    host === 'db-rw'
      ? {
          ready: true,
          address: '10.96.0.9',
          tables: () => [],
          save: () => undefined,
        }
      : undefined,
  http: url =>
    url.hostname === 'qdrant'
      ? { reachable: true }
      : { reachable: false, reason: 'unresolved' },
  now: () => 0,
};

describe('simulated sh -c scripts', () => {
  it('runs line by line with echo, $?, env defaults and redirections ignored; the last line decides the exit code', () => {
    const script = [
      'echo "check database"',
      'pg_isready -h "${PGHOST:-${DATABASE_HOST:-localhost}}" -p "${PGPORT:-5432}" -t 5 2>&1',
      'echo "exit $?"',
      "curl -fsS -o /dev/null 'http://nowhere:80/' 2>&1",
      'echo "exit $?"',
      'no-such-tool',
    ].join('\n');
    expect(runShellScript(script, world)).toMatchObject({
      exitCode: 127,
      lines: [
        'check database',
        'db-rw:5432 - accepting connections',
        'exit 0',
        'curl: (6) Could not resolve host: nowhere',
        'exit 6',
        'sh: no-such-tool: not found',
      ],
    });
  });

  it('leaves one-line commands to the command table', () => {
    expect(runShellScript('python manage.py migrate', world)).toBeUndefined();
  });
});
