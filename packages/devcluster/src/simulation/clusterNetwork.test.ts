import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useClusters } from '../__testUtils__/cluster';
import { kubectlFor } from '../__testUtils__/kubectl';

jest.setTimeout(60_000);

const fromAppSecret = (name: string, key: string) => ({
  name,
  valueFrom: { secretKeyRef: { name: 'cmp-postgres-app', key } },
});

function job(name: string, image: string, script: string, env: unknown[] = []) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'cmp' },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'main', image, command: ['/bin/sh', '-c', script], env },
          ],
        },
      },
    },
  };
}

describe('commands that reach the cluster, on the seeded embedded cluster through kubectl', () => {
  const start = useClusters();
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'devcluster-network-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  async function runJobs(manifests: object[]) {
    const cluster = await start();
    const kubectl = kubectlFor(cluster, directory);
    const file = join(directory, 'jobs.json');
    writeFileSync(
      file,
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }),
    );
    const created = await kubectl(['create', '--validate=false', '-f', file]);
    expect(created.stderr).toBe('');
    const names = manifests.map(
      m => (m as { metadata: { name: string } }).metadata.name,
    );
    const finished = () =>
      names.every(name => {
        const status = cluster.store.get('jobs.batch', 'cmp', name)?.status;
        return status?.succeeded || status?.failed;
      });
    for (let second = 0; !finished(); second++) {
      if (second > 600)
        throw new Error(
          `the Jobs did not finish: ${JSON.stringify(
            cluster.store
              .list('pods', { namespace: 'cmp' })
              .filter(p => names.some(n => p.metadata.name?.startsWith(n)))
              .map(p => p.status),
          )}`,
        );
      await cluster.clock.advance(1000);
    }
    return Object.fromEntries(
      await Promise.all(
        names.map(
          async name =>
            [
              name,
              {
                status: cluster.store.get('jobs.batch', 'cmp', name)!.status,
                log: (
                  await kubectl(['logs', '-n', 'cmp', `job/${name}`])
                ).stdout
                  .trim()
                  .split('\n'),
              },
            ] as const,
        ),
      ),
    );
  }

  it('connects psql through the app Secret’s env to cmp-postgres: a bloat report, then a VACUUM that clears the dead tuples', async () => {
    const env = [
      fromAppSecret('PGHOST', 'host'),
      fromAppSecret('PGUSER', 'username'),
      fromAppSecret('PGDATABASE', 'dbname'),
    ];
    const bloat = 'SELECT * FROM pg_stat_user_tables';
    const image = 'ghcr.io/cloudnative-pg/postgresql:16.4';
    const before = await runJobs([
      job('bloat', image, `psql -X --csv -c "${bloat}"`, env),
    ]);
    expect(before.bloat.status.succeeded).toBe(1);
    expect(before.bloat.log[1]).toMatch(
      /^public,agents_webhookdelivery,812400,402100,33\.1,,\d{4}-/,
    );
    const after = await runJobs([
      job(
        'vacuum',
        image,
        `psql -X -v ON_ERROR_STOP=1 -c "VACUUM (ANALYZE) public.agents_webhookdelivery" --csv -c "${bloat}"`,
        env,
      ),
      job('nohost', image, `psql -c "SELECT 1"`),
    ]);
    expect(after.vacuum.log[0]).toBe('VACUUM');
    expect(
      after.vacuum.log.find(line => line.includes('agents_webhookdelivery')),
    ).toMatch(/^public,agents_webhookdelivery,812400,0,0\.0,\d{4}-/);
    expect(after.nohost.status.failed).toBe(1);
    expect(after.nohost.log[0]).toMatch(
      /^psql: error: connection to server on socket/,
    );
  });

  it('reaches a Service with ready endpoints over HTTP, not one that does not exist', async () => {
    const image = 'curlimages/curl:8.11.0';
    const runs = await runJobs([
      job(
        'qdrant',
        image,
        'curl -fsS -o /dev/null -m 5 http://qdrant.cmp.svc:6333/healthz',
      ),
      job(
        'missing',
        image,
        'curl -fsS -m 5 http://llm-gateway.cmp.svc.cluster.local:8080/healthz',
      ),
      job('ready', image, 'pg_isready -h cmp-postgres-rw -t 5'),
    ]);
    expect(runs.qdrant.status.succeeded).toBe(1);
    expect(runs.missing.status.failed).toBe(1);
    expect(runs.missing.log).toEqual([
      'curl: (6) Could not resolve host: llm-gateway.cmp.svc.cluster.local',
    ]);
    expect(runs.ready.log).toEqual([
      'cmp-postgres-rw:5432 - accepting connections',
    ]);
  });
});
