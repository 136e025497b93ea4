import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useClusters } from '../__testUtils__/cluster';
import { kubectlFor } from '../__testUtils__/kubectl';
import {
  commandWords,
  runCommand,
  shellWords,
  type CommandWorld,
  type SimulatedMigration,
} from './containerCommands';

jest.setTimeout(60_000);

function worldOf(
  migrations: SimulatedMigration[] | undefined,
  failure?: string,
): CommandWorld & { applied: string[] } {
  const applied: string[] = [];
  return {
    applied,
    migrations: () => migrations,
    migrationFailure: () => failure,
    markApplied: names => applied.push(...names),
    env: () => undefined,
    postgres: () => undefined,
    http: () => ({ reachable: false, reason: 'unresolved' }),
    now: () => 0,
  };
}

const pending = [
  { name: 'agents.0013_webhookdelivery', applied: true },
  { name: 'agents.0014_agent_capability_index', applied: false },
  { name: 'agents.0015_webhookdelivery_retry_count', applied: false },
];

describe('simulated container commands', () => {
  it('splits shell command lines and unwraps sh -c', () => {
    expect(shellWords(`psql -c "SELECT 1" --set 'x=a b'`)).toEqual([
      'psql',
      '-c',
      'SELECT 1',
      '--set',
      'x=a b',
    ]);
    expect(
      commandWords(['/bin/sh', '-c', 'python manage.py migrate --noinput']),
    ).toEqual(['python', 'manage.py', 'migrate', '--noinput']);
    expect(commandWords(['python'], ['manage.py', 'showmigrations'])).toEqual([
      'python',
      'manage.py',
      'showmigrations',
    ]);
  });

  it('lists migrations per app as showmigrations does', () => {
    const run = runCommand(
      ['python', 'manage.py', 'showmigrations'],
      worldOf(pending),
    )!;
    expect(run).toEqual({
      exitCode: 0,
      lines: [
        'agents',
        ' [X] 0013_webhookdelivery',
        ' [ ] 0014_agent_capability_index',
        ' [ ] 0015_webhookdelivery_retry_count',
      ],
    });
  });

  it('applies the unapplied migrations when the container finishes', () => {
    const world = worldOf(pending);
    const run = runCommand(
      ['python', 'manage.py', 'migrate', '--noinput'],
      world,
    )!;
    expect(run.exitCode).toBe(0);
    expect(run.lines.slice(-2)).toEqual([
      '  Applying agents.0014_agent_capability_index... OK',
      '  Applying agents.0015_webhookdelivery_retry_count... OK',
    ]);
    expect(world.applied).toEqual([]);
    run.commit!();
    expect(world.applied).toEqual([
      'agents.0014_agent_capability_index',
      'agents.0015_webhookdelivery_retry_count',
    ]);
    expect(
      runCommand(
        ['python', 'manage.py', 'migrate'],
        worldOf([{ name: 'agents.0001_initial', applied: true }]),
      )!.lines.at(-1),
    ).toBe('  No migrations to apply.');
  });

  it('fails at the last migration with Django’s ProgrammingError when a fault says so', () => {
    const world = worldOf(pending, 'column "retry_count" already exists');
    const run = runCommand(['python', 'manage.py', 'migrate'], world)!;
    expect(run.exitCode).toBe(1);
    expect(run.lines).toContain(
      '  Applying agents.0014_agent_capability_index... OK',
    );
    expect(run.lines).toContain(
      '  Applying agents.0015_webhookdelivery_retry_count...',
    );
    expect(run.lines.at(-1)).toBe(
      'django.db.utils.ProgrammingError: column "retry_count" already exists',
    );
    run.commit!();
    expect(world.applied).toEqual(['agents.0014_agent_capability_index']);
  });

  it('leaves unknown commands to the annotation', () => {
    expect(
      runCommand(['python', 'manage.py', 'clearsessions'], worldOf(pending)),
    ).toBeUndefined();
    expect(runCommand(['echo', 'hi'], worldOf(undefined))).toBeUndefined();
  });
});

describe('migration Jobs on the embedded cluster, through kubectl', () => {
  const start = useClusters();
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'devcluster-commands-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const image = 'ghcr.io/digitlify-inc/agent-registry:v1.2.3';

  it('shows, applies and then shows applied migrations; a failing migration fails the Job with its traceback', async () => {
    const cluster = await start();
    const kubectl = kubectlFor(cluster, directory);
    const runJob = async (name: string, command: string) => {
      const created = await kubectl([
        'create',
        'job',
        name,
        '-n',
        'cmp',
        `--image=${image}`,
        '--',
        'sh',
        '-c',
        command,
      ]);
      expect(created.stdout.trim()).toBe(`job.batch/${name} created`);
      for (;;) {
        const job = cluster.store.get('jobs.batch', 'cmp', name);
        if (job?.status?.succeeded || job?.status?.failed) {
          return {
            job,
            logs: (await kubectl(['logs', '-n', 'cmp', `job/${name}`])).stdout,
          };
        }
        await cluster.clock.advance(1000);
      }
    };
    expect(
      (await runJob('plan', 'python manage.py showmigrations')).logs,
    ).toContain(' [ ] 0014_agent_capability_index');
    const apply = await runJob('apply', 'python manage.py migrate --noinput');
    expect(apply.job.status.succeeded).toBe(1);
    expect(apply.logs).toContain(
      '  Applying agents.0015_webhookdelivery_retry_count... OK',
    );
    const after = (await runJob('again', 'python manage.py showmigrations'))
      .logs;
    expect(after).toContain(' [X] 0015_webhookdelivery_retry_count');
    expect(after).not.toContain('[ ]');

    cluster.simulation.state.migrations
      .get('cmp/agent-registry')!
      .push({ name: 'agents.0016_agent_owner', applied: false });
    cluster.faults.failMigration('cmp', 'agent-registry');
    const broken = await runJob('broken', 'python manage.py migrate --noinput');
    expect(broken.job.status.failed).toBe(1);
    expect(broken.logs.trim().split('\n').at(-1)).toBe(
      'django.db.utils.ProgrammingError: column "retry_count" of relation "agents_webhookdelivery" already exists',
    );
  });

  it('ends a followed log (kubectl logs -f) when the Job’s container has terminated, as the kubelet does', async () => {
    const cluster = await start();
    const kubectl = kubectlFor(cluster, directory);
    await kubectl(['create', 'job', 'follow', '-n', 'cmp', `--image=${image}`, '--', 'python', 'manage.py', 'migrate']);
    const podOfJob = () => cluster.store.list('pods', { namespace: 'cmp', labelSelector: 'job-name=follow' })[0]?.metadata.name;
    while (!podOfJob()) await cluster.clock.advance(200);
    const pod = podOfJob()!;
    let exited = false;
    const followed = kubectl(['logs', '-f', '-n', 'cmp', pod]).finally(() => {
      exited = true;
    });
    while (!exited) {
      await cluster.clock.advance(1000);
      // real time too: kubectl's output and exit arrive as I/O
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    const { code, stdout } = await followed;
    expect(code).toBe(0);
    expect(stdout).toContain('  Applying agents.0015_webhookdelivery_retry_count... OK');
    expect(cluster.store.get('jobs.batch', 'cmp', 'follow')?.status?.succeeded).toBe(1);
  });
});
