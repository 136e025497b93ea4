/*
 * A throwaway PostgreSQL for a benchmark: initdb into a temporary folder, started on a loopback port, stopped and
 * removed afterwards. Needs the PostgreSQL binaries (initdb, pg_ctl) on PATH; as root, runs them as the `postgres`
 * user (created if missing), since PostgreSQL refuses to run as root.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchPostgres {
  connection: string;
  stop(): void;
}

function asPostgres(command: string, args: string[]) {
  const root = process.getuid?.() === 0;
  execFileSync(root ? 'runuser' : command, root ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'ignore' });
}

export function startPostgres(port: number): BenchPostgres {
  const work = mkdtempSync(join(tmpdir(), 'gsv-bench-pg-'));
  const data = join(work, 'data');
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', ['--system', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    }
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    chownSync(work, uid, uid);
  }
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust']);
  const settings = `-p ${port} -k ${work} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
  asPostgres('pg_ctl', ['-D', data, '-l', join(work, 'pg.log'), '-w', '-o', settings, 'start']);
  return {
    connection: `postgresql://postgres@127.0.0.1:${port}`,
    stop: () => {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  };
}
