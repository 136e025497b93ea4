import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { EntityLogs, LogLine } from '@gsv/plugin-gsv-ops-common';
import {
  eventually,
  startComposedBackend,
  type ComposedBackend,
} from './__testUtils__/composedBackend';

/**
 * The Ops tab's logs against the composed backend and the embedded cluster's simulated container logs: read with
 * the guide's patterns, only for owners and the platform team, followed live as server-sent events.
 */

jest.setTimeout(120_000);

const LOGS = '/api/gsv-ops/entities/component/default/agent-registry/logs';
let backend: ComposedBackend;
let baseUrl: string;

beforeAll(async () => {
  backend = await startComposedBackend();
  baseUrl = `http://localhost:${
    (backend.server.address() as AddressInfo).port
  }`;
});

afterAll(async () => {
  await backend?.stop();
});

const get = (path: string, user: string) =>
  fetch(`${baseUrl}${path}`, {
    headers: { Authorization: mockCredentials.user.header(user) },
  });

describe('logs', () => {
  it('reads the recent lines of the entity’s pods with the guide’s pattern counts, for its owner', async () => {
    // the two reads compare counts of one window: the cluster's clock (and so its logs) stands still between them
    backend.dev.clock.setManual(true);
    try {
      const res = await get(
        `${LOGS}?cluster=gsv-dev&sinceSeconds=86400`,
        'user:default/jane',
      );
      expect(res.status).toBe(200);
      const logs = (await res.json()) as EntityLogs;
      expect(logs.sources.map(s => s.pod)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^agent-registry-/)]),
      );
      expect(logs.scanned).toBeGreaterThan(0);
      expect(logs.lines.length).toBeGreaterThan(0);
      expect(logs.lines.every(l => l.time && l.pod && l.container)).toBe(true);
      expect(logs.errors).toEqual([]);

      const errors = (await (
        await get(
          `${LOGS}?cluster=gsv-dev&sinceSeconds=86400&pattern=errors`,
          'user:default/jane',
        )
      ).json()) as EntityLogs;
      expect(errors.lines.every(l => l.patterns.includes('errors'))).toBe(true);
      expect(errors.lines.length).toBe(Math.min(logs.counts.errors ?? 0, 500));
    } finally {
      backend.dev.clock.setManual(false);
    }
  });

  it('refuses who may not read them, a pod of another service and a bad pattern', async () => {
    expect((await fetch(`${baseUrl}${LOGS}?cluster=gsv-dev`)).status).toBe(401);
    const bob = await get(`${LOGS}?cluster=gsv-dev`, 'user:default/bob');
    expect(bob.status).toBe(403);
    expect((await bob.json()).error.message).toMatch(
      /permission gsv-ops.logs.read/,
    );
    expect(
      (await get(`${LOGS}?cluster=gsv-dev&pod=keycloak-0`, 'user:default/jane'))
        .status,
    ).toBe(404);
    expect(
      (
        await get(
          `${LOGS}?cluster=gsv-dev&pattern=everything`,
          'user:default/jane',
        )
      ).status,
    ).toBe(400);
  });

  it('follows one container live', async () => {
    const { sources } = (await (
      await get(`${LOGS}?cluster=gsv-dev&limit=1`, 'user:default/pat')
    ).json()) as EntityLogs;
    const pods = sources
      .filter(s => s.pod.startsWith('agent-registry-'))
      .map(s => s.pod);
    // a crash-looping pod of the dev seed ends its stream at once ("the container stopped"): take the first that talks
    const events: string[] = [];
    let line: LogLine | undefined;
    for (const pod of pods) {
      line = await firstLineOf(pod, events);
      if (line) break;
    }
    // the ends of the streams that said nothing are in the failure message
    expect({ line, events }).toMatchObject({
      line: {
        pod: expect.stringMatching(/^agent-registry-/),
        container: expect.any(String),
        text: expect.any(String),
      },
    });

    // the viewer went away (firstLineOf aborted its request): the backend ends its stream on the cluster side
    const closedAt = Date.now();
    await eventually(async () => {
      expect(await followedLogsOnCluster()).toBe(0);
    }, 5000);
    expect(Date.now() - closedAt).toBeLessThan(5000);
  });
});

/** The logs the dev cluster's API server is streaming now (its `apiserver_longrunning_requests` gauge). */
function followedLogsOnCluster(): Promise<number> {
  const { dev } = backend;
  return new Promise((resolve, reject) => {
    https
      .get(
        `${dev.url}/metrics`,
        {
          ca: dev.caPem,
          headers: { Authorization: `Bearer ${dev.tokens.admin}` },
        },
        res => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', chunk => {
            text += chunk;
          });
          res.on('end', () => {
            const gauge =
              /apiserver_longrunning_requests\{[^}]*resource="pods"[^}]*subresource="log"[^}]*\} (\d+)/.exec(
                text,
              );
            resolve(gauge ? Number(gauge[1]) : 0);
          });
        },
      )
      .on('error', reject);
  });
}

/** Follows a pod until its first line (returned) or the end of the stream (undefined, the end's reason noted). */
async function firstLineOf(
  pod: string,
  events: string[],
): Promise<LogLine | undefined> {
  const controller = new AbortController();
  const res = await fetch(
    `${baseUrl}${LOGS}/follow?cluster=gsv-dev&pod=${pod}`,
    {
      headers: {
        Authorization: mockCredentials.user.header('user:default/pat'),
      },
      signal: controller.signal,
    },
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  try {
    for (;;) {
      const found = /event: (line|end)\ndata: (.*)\n\n/.exec(text);
      if (found) {
        if (found[1] === 'line') return JSON.parse(found[2]) as LogLine;
        events.push(`${pod}: ${found[2]}`);
        return undefined;
      }
      const { value, done } = await reader.read();
      if (done) return undefined;
      text += new TextDecoder().decode(value);
    }
  } finally {
    controller.abort();
  }
}
