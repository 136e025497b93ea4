import { runCommand, type CommandWorld } from './containerCommands';
import type { HttpReach } from './httpCommands';

function worldOf(reach: (url: URL) => HttpReach): CommandWorld {
  return {
    migrations: () => undefined,
    migrationFailure: () => undefined,
    markApplied: () => undefined,
    env: () => undefined,
    postgres: () => undefined,
    http: reach,
    now: () => 0,
  };
}

describe('simulated curl and wget', () => {
  const answers: Record<string, HttpReach> = {
    'qdrant.cmp.svc': { reachable: true },
    idle: { reachable: false, reason: 'refused', address: '10.96.0.7' },
  };
  const world = worldOf(
    url => answers[url.hostname] ?? { reachable: false, reason: 'unresolved' },
  );

  it('answers a reachable Service', () => {
    expect(
      runCommand(
        [
          'curl',
          '-fsS',
          '-o',
          '/dev/null',
          '-m',
          '5',
          'http://qdrant.cmp.svc:6333/healthz',
        ],
        world,
      ),
    ).toEqual({ exitCode: 0, lines: [] });
    expect(
      runCommand(
        ['wget', '-q', '-O-', 'http://qdrant.cmp.svc:6333/healthz'],
        world,
      )!.exitCode,
    ).toBe(0);
  });

  it('fails with curl’s and wget’s exit codes and messages', () => {
    expect(
      runCommand(
        ['curl', '-fsS', 'http://llm-gateway.cmp.svc:8080/healthz'],
        world,
      ),
    ).toEqual({
      exitCode: 6,
      lines: ['curl: (6) Could not resolve host: llm-gateway.cmp.svc'],
    });
    expect(runCommand(['curl', 'http://idle/'], world)).toEqual({
      exitCode: 7,
      lines: [
        "curl: (7) Failed to connect to idle port 80 after 1 ms: Couldn't connect to server",
      ],
    });
    expect(runCommand(['wget', 'http://nowhere:81/'], world)).toEqual({
      exitCode: 1,
      lines: ["wget: bad address 'nowhere:81'"],
    });
    expect(runCommand(['curl', '-s'], world)!.exitCode).toBe(2);
  });
});
