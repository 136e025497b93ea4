import type { CommandRun } from './containerCommands';

/**
 * What `psql` and `pg_isready` do in a simulated container: they reach the CloudNativePG cluster their host names
 * (`-h`, else `$PGHOST`, as libpq does) and answer iff it is ready. psql knows `SELECT 1`, `VACUUM [(options)]
 * [table]` and the bloat query over `pg_stat_user_tables`; its `--csv` output is what a parser of real psql reads.
 */

/** One table of a simulated database, as pg_stat_user_tables reports it. */
export interface SimulatedTable {
  schema: string;
  name: string;
  live: number;
  dead: number;
  /** pg_relation_size, bytes. */
  sizeBytes: number;
  /** Simulated epoch ms. */
  lastVacuum?: number;
  lastAutovacuum?: number;
}

/** The PostgreSQL server a host name leads to, as the container sees it. */
export interface SimulatedPostgres {
  /** Whether it accepts connections (its CloudNativePG cluster is Ready). */
  ready: boolean;
  /** The cluster IP of the host's Service, for the messages. */
  address: string;
  tables(): SimulatedTable[];
  /** Stores the tables (called when the container finished). */
  save(tables: SimulatedTable[]): void;
}

export interface PostgresWorld {
  env(name: string): string | undefined;
  /** undefined: the host name does not resolve. */
  postgres(host: string): SimulatedPostgres | undefined;
  now(): number;
}

/** The columns of the bloat report, in the order psql prints them (the backend's query selects these). */
export const BLOAT_COLUMNS = [
  'schemaname',
  'relname',
  'n_live_tup',
  'n_dead_tup',
  'dead_pct',
  'last_vacuum',
  'last_autovacuum',
  'est_bloat_bytes',
];

interface Connection {
  host?: string;
  port: string;
  statements: string[];
  csv: boolean;
}

function parseOptions(words: string[], world: PostgresWorld): Connection {
  const options: Connection = {
    host: world.env('PGHOST'),
    port: world.env('PGPORT') ?? '5432',
    statements: [],
    csv: false,
  };
  for (let index = 1; index < words.length; index++) {
    const [flag, inline] = words[index].startsWith('--')
      ? words[index].split(/=(.*)/s)
      : [words[index]];
    const value = () => inline ?? words[++index];
    if (flag === '-h' || flag === '--host') options.host = value();
    else if (flag === '-p' || flag === '--port') options.port = value();
    else if (flag === '-c' || flag === '--command')
      options.statements.push(value());
    else if (flag === '--csv') options.csv = true;
    else if (
      [
        '-U',
        '--username',
        '-d',
        '--dbname',
        '-v',
        '--set',
        '-t',
        '--timeout',
        '-F',
      ].includes(flag) &&
      inline === undefined
    )
      index++;
  }
  return options;
}

/** Why libpq could not connect, as psql words it; undefined when it connects. */
function connectionFailure(
  connection: Connection,
  server: SimulatedPostgres | undefined,
): string[] | undefined {
  const { host, port } = connection;
  if (!host)
    return [
      `psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.${port}" failed: No such file or directory`,
      '\tIs the server running locally and accepting connections on that socket?',
    ];
  if (!server)
    return [
      `psql: error: could not translate host name "${host}" to address: Name or service not known`,
    ];
  if (!server.ready)
    return [
      `psql: error: connection to server at "${host}" (${server.address}), port ${port} failed: Connection refused`,
      '\tIs the server running on that host and accepting TCP/IP connections?',
    ];
  return undefined;
}

/** `pg_isready`: `<host>:<port> - accepting connections` (0) or `- no response` (2). */
export function pgIsReady(words: string[], world: PostgresWorld): CommandRun {
  const connection = parseOptions(words, world);
  const server = connection.host ? world.postgres(connection.host) : undefined;
  const where = `${connection.host ?? '/var/run/postgresql'}:${
    connection.port
  }`;
  return server?.ready
    ? { exitCode: 0, lines: [`${where} - accepting connections`] }
    : { exitCode: 2, lines: [`${where} - no response`] };
}

/** `psql … -c <statement>…`: runs the statements in order, stops at the first error (exit 1). */
export function psql(words: string[], world: PostgresWorld): CommandRun {
  const connection = parseOptions(words, world);
  const server = connection.host ? world.postgres(connection.host) : undefined;
  const failure = connectionFailure(connection, server);
  if (failure || !server) return { exitCode: 2, lines: failure ?? [] };
  const tables = server.tables().map(table => ({ ...table }));
  const lines: string[] = [];
  for (const statement of connection.statements) {
    const answer = execute(statement, tables, {
      now: world.now(),
      csv: connection.csv,
    });
    lines.push(...answer.lines);
    if (answer.error)
      return { exitCode: 1, lines: [...lines, `ERROR:  ${answer.error}`] };
  }
  return { exitCode: 0, lines, commit: () => server.save(tables) };
}

function execute(
  statement: string,
  tables: SimulatedTable[],
  options: { now: number; csv: boolean },
): { lines: string[]; error?: string } {
  const sql = statement.trim().replace(/;$/, '');
  if (/^select\s+1$/i.test(sql))
    return {
      lines: options.csv
        ? ['?column?', '1']
        : ['?column?', '----------', '        1', '(1 row)', ''],
    };
  const vacuum = /^vacuum(?:\s*\([^)]*\))?(?:\s+([\w."]+))?$/i.exec(sql);
  if (vacuum) return runVacuum(vacuum[1], tables, options.now);
  if (/\bpg_stat_user_tables\b/i.test(sql))
    return { lines: bloatRows(tables, options.csv) };
  return {
    lines: [],
    error: `the embedded cluster does not simulate this statement: ${sql.slice(
      0,
      80,
    )}`,
  };
}

/** VACUUM removes the dead tuples of the tables it names (all of them without a name). */
function runVacuum(
  name: string | undefined,
  tables: SimulatedTable[],
  now: number,
): { lines: string[]; error?: string } {
  const wanted = name?.replace(/"/g, '');
  const matching = wanted
    ? tables.filter(
        t => `${t.schema}.${t.name}` === wanted || t.name === wanted,
      )
    : tables;
  if (wanted && matching.length === 0)
    return { lines: [], error: `relation "${wanted}" does not exist` };
  for (const table of matching) {
    table.dead = 0;
    table.lastVacuum = now;
  }
  return { lines: ['VACUUM'] };
}

function bloatRows(tables: SimulatedTable[], csv: boolean): string[] {
  const iso = (ms?: number) =>
    ms === undefined
      ? ''
      : new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00');
  const rows = [...tables]
    .sort((a, b) => b.dead - a.dead)
    .map(t => {
      const total = t.live + t.dead;
      const deadPct = total === 0 ? '0.0' : ((100 * t.dead) / total).toFixed(1);
      const bloat =
        total === 0 ? 0 : Math.round((t.sizeBytes * t.dead) / total);
      return [
        t.schema,
        t.name,
        t.live,
        t.dead,
        deadPct,
        iso(t.lastVacuum),
        iso(t.lastAutovacuum),
        bloat,
      ].map(String);
    });
  if (csv) return [BLOAT_COLUMNS.join(','), ...rows.map(row => row.join(','))];
  return [
    BLOAT_COLUMNS.join('|'),
    ...rows.map(row => row.join('|')),
    `(${rows.length} rows)`,
  ];
}
