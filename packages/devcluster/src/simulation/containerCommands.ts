import { httpGet, type HttpWorld } from './httpCommands';
import { pgIsReady, psql, type PostgresWorld } from './postgresCommands';

/**
 * What the simulated containers of run-to-completion pods (Jobs) do with their command: the embedded cluster runs no
 * processes, so the command line decides the exit code and the log lines. Known commands: Django's
 * `manage.py showmigrations|migrate`, `psql` and `pg_isready` (postgresCommands), `curl` and `wget`
 * (httpCommands); anything else exits 0 with the generic job lines (or the exit code of the
 * `devcluster.gsv.io/exit-code` annotation).
 */

/** One Django migration of a service, in the order `migrate` applies them. */
export interface SimulatedMigration {
  /** `<app>.<migration>`, e.g. `agents.0014_agent_capability_index`. */
  name: string;
  applied: boolean;
}

/** The parts of the simulated world a command reads and changes. */
export interface CommandWorld extends PostgresWorld, HttpWorld {
  /** The migrations of the service whose image runs (undefined: a project without migrations of its own). */
  migrations(): SimulatedMigration[] | undefined;
  /** Why the next migration fails, when a fault says so. */
  migrationFailure(): string | undefined;
  /** Marks migrations applied (called when the container finished). */
  markApplied(names: string[]): void;
}

/** What a command did: its exit code and output, and the change it makes to the world when it finishes. */
export interface CommandRun {
  exitCode: number;
  lines: string[];
  commit?: () => void;
}

const DJANGO_APPS = ['admin', 'auth', 'contenttypes', 'sessions'];

/** Splits a shell command line into words the way `sh` does for simple commands (quotes, no expansion). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern))
    words.push(match[1] ?? match[2] ?? match[3]);
  return words;
}

/** The script of `sh -c "<script>"`; undefined for other commands. */
export function shellScriptOf(
  command: string[] = [],
  args: string[] = [],
): string | undefined {
  const argv = [...command, ...args];
  return argv.length >= 3 && /(^|\/)(ba)?sh$/.test(argv[0]) && argv[1] === '-c'
    ? argv[2]
    : undefined;
}

/** The program's words: `sh -c "<line>"` is unwrapped, the interpreter (`python manage.py`) kept. */
export function commandWords(
  command: string[] = [],
  args: string[] = [],
): string[] {
  const script = shellScriptOf(command, args);
  return script !== undefined ? shellWords(script) : [...command, ...args];
}

/** Runs a command in the simulated world; undefined when the command is not one the simulation knows. */
export function runCommand(
  words: string[],
  world: CommandWorld,
): CommandRun | undefined {
  const program = words[0]?.split('/').pop();
  if (program === 'psql') return psql(words, world);
  if (program === 'pg_isready') return pgIsReady(words, world);
  if (program === 'curl' || program === 'wget') return httpGet(words, world);
  const manage = words.findIndex(word => /(^|\/)manage\.py$/.test(word));
  if (manage >= 0) {
    const subcommand = words[manage + 1];
    if (subcommand === 'showmigrations') return showMigrations(world);
    if (subcommand === 'migrate') return migrate(world);
  }
  return undefined;
}

function byApp(
  migrations: SimulatedMigration[],
): Map<string, SimulatedMigration[]> {
  const apps = new Map<string, SimulatedMigration[]>();
  for (const migration of migrations) {
    const app = migration.name.split('.')[0];
    apps.set(app, [...(apps.get(app) ?? []), migration]);
  }
  return apps;
}

/** `manage.py showmigrations`: every app, then its migrations as ` [X] 0001_initial` (applied) or ` [ ] …`. */
function showMigrations(world: CommandWorld): CommandRun {
  const migrations =
    world.migrations() ??
    DJANGO_APPS.map(app => ({ name: `${app}.0001_initial`, applied: true }));
  const lines: string[] = [];
  for (const [app, own] of byApp(migrations)) {
    lines.push(app);
    for (const migration of own)
      lines.push(
        ` [${migration.applied ? 'X' : ' '}] ${migration.name.slice(
          app.length + 1,
        )}`,
      );
  }
  return { exitCode: 0, lines };
}

/** `manage.py migrate`: applies the unapplied migrations in order; a failing one ends it with Django's traceback. */
function migrate(world: CommandWorld): CommandRun {
  const migrations = world.migrations() ?? [];
  const apps = [
    ...new Set([...DJANGO_APPS, ...byApp(migrations).keys()]),
  ].sort();
  const lines = [
    'Operations to perform:',
    `  Apply all migrations: ${apps.join(', ')}`,
    'Running migrations:',
  ];
  const pending = migrations.filter(migration => !migration.applied);
  if (pending.length === 0)
    return { exitCode: 0, lines: [...lines, '  No migrations to apply.'] };
  const failure = world.migrationFailure();
  const applied: string[] = [];
  for (const [index, migration] of pending.entries()) {
    if (failure && index === pending.length - 1) {
      lines.push(
        `  Applying ${migration.name}...`,
        ...migrationTraceback(failure),
      );
      return { exitCode: 1, lines, commit: () => world.markApplied(applied) };
    }
    lines.push(`  Applying ${migration.name}... OK`);
    applied.push(migration.name);
  }
  return { exitCode: 0, lines, commit: () => world.markApplied(applied) };
}

function migrationTraceback(error: string): string[] {
  return [
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute',
    '    return self.cursor.execute(sql, params)',
    `psycopg.errors.DuplicateColumn: ${error}`,
    '',
    'The above exception was the direct cause of the following exception:',
    '',
    'Traceback (most recent call last):',
    '  File "/app/manage.py", line 22, in <module>',
    '    main()',
    '  File "/usr/local/lib/python3.12/site-packages/django/core/management/commands/migrate.py", line 357, in handle',
    '    post_migrate_state = executor.migrate(',
    '  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute',
    '    return self.cursor.execute(sql, params)',
    `django.db.utils.ProgrammingError: ${error}`,
  ];
}
