import {
  KubeObject,
  KubernetesApiError,
  KubernetesClient,
  KubernetesRequest,
  KubernetesWatchRequest,
  WatchEvent,
} from '../../services/ClusterRegistry/types';
import { matchesSelector, parseLabelSelector } from '../../domain/selectors';
import { formatLabelSelector } from './selectors';
import { waitFor, WaitFailedError, WaitTimeoutError } from './waitFor';

function obj(name: string, rv: string, status: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name, namespace: 'cmp', resourceVersion: rv }, status };
}

/**
 * A scripted API server: lists answer from `objects`, every watch is a queue the test pushes into; `gone` makes the
 * next watch start answer 410.
 */
class ScriptedClient implements KubernetesClient {
  objects: KubeObject[] = [];
  listRv = '10';
  lists: KubernetesRequest[] = [];
  watches: KubernetesWatchRequest[] = [];
  gone = false;
  private streams: Array<{ push: (e: WatchEvent | 'end') => void }> = [];

  async requestJson<T>(request: KubernetesRequest): Promise<T> {
    this.lists.push(request);
    return { metadata: { resourceVersion: this.listRv }, items: this.objects } as T;
  }

  watch(request: KubernetesWatchRequest): AsyncIterable<WatchEvent> {
    this.watches.push(request);
    const gone = this.gone;
    this.gone = false;
    const queue: Array<WatchEvent | 'end'> = [];
    let wake: (() => void) | undefined;
    if (!gone) {
      this.streams.push({
        push: e => {
          queue.push(e);
          wake?.();
        },
      });
    }
    return {
      async *[Symbol.asyncIterator]() {
        if (gone) {
          throw new KubernetesApiError({ cluster: 'c', reason: 'Gone', upstreamStatus: 410, message: 'too old resource version' });
        }
        const aborted = new Promise<void>(resolve => request.signal?.addEventListener('abort', () => resolve(), { once: true }));
        const next = () => {
          const item = queue.shift();
          if (item !== undefined) return Promise.resolve(item);
          return new Promise<WatchEvent | 'end' | undefined>(resolve => {
            wake = () => {
              wake = undefined;
              resolve(queue.shift());
            };
            aborted.then(() => resolve('end'));
          });
        };
        for (;;) {
          const item = await next();
          if (item === 'end' || request.signal?.aborted) return;
          if (item) yield item;
        }
      },
    };
  }

  push(event: WatchEvent | 'end') {
    const streams = event === 'end' ? this.streams.splice(0) : this.streams;
    for (const s of streams) s.push(event);
  }

  async streamsOpen(count: number) {
    for (let i = 0; i < 200 && this.watches.length < count; i++) await new Promise(r => setTimeout(r, 5));
  }
}

describe('waitFor', () => {
  it('lists, then watches from the list resourceVersion, and resolves when the state is reached', async () => {
    const client = new ScriptedClient();
    client.objects = [obj('backup-1', '9', { phase: 'running' })];
    const progress: string[] = [];
    const done = waitFor({
      client,
      sources: { backups: { path: '/apis/postgresql.cnpg.io/v1/namespaces/cmp/backups', fieldSelector: 'metadata.name=backup-1' } },
      timeoutMs: 5000,
      signal: new AbortController().signal,
      onProgress: p => progress.push(p),
      evaluate: state => {
        const b = state.backups.get('backup-1');
        return b?.status?.phase === 'completed' ? { done: true, value: b } : { done: false, progress: `phase ${b?.status?.phase}` };
      },
    });
    await client.streamsOpen(1);
    expect(client.lists[0].query).toEqual({ labelSelector: undefined, fieldSelector: 'metadata.name=backup-1' });
    expect(client.watches[0].query).toMatchObject({ resourceVersion: '10', allowWatchBookmarks: true, fieldSelector: 'metadata.name=backup-1' });
    client.push({ type: 'BOOKMARK', object: obj('', '11') });
    client.push({ type: 'MODIFIED', object: obj('backup-1', '12', { phase: 'completed' }) });
    await expect(done).resolves.toMatchObject({ metadata: { name: 'backup-1' }, status: { phase: 'completed' } });
    expect(progress).toEqual(['phase running']);
  });

  it('relists after 410 Gone and re-watches from the last resourceVersion when the server closes the stream', async () => {
    const client = new ScriptedClient();
    client.objects = [obj('a', '1', { ready: false })];
    const done = waitFor({
      client,
      sources: { things: { path: '/p' } },
      timeoutMs: 5000,
      signal: new AbortController().signal,
      evaluate: s => (s.things.get('a')?.status?.ready ? { done: true, value: 'ready' } : { done: false, progress: 'not yet' }),
    });
    await client.streamsOpen(1);
    client.push({ type: 'MODIFIED', object: obj('a', '20', { ready: false }) });
    client.push('end');
    await client.streamsOpen(2);
    expect(client.watches[1].query).toMatchObject({ resourceVersion: '20' });
    // The next watch start answers 410: relist (which now has the object ready).
    client.gone = true;
    client.objects = [obj('a', '30', { ready: true })];
    client.push('end');
    await expect(done).resolves.toBe('ready');
    expect(client.lists).toHaveLength(2);
  });

  it('fails with the evaluation’s reason', async () => {
    const client = new ScriptedClient();
    client.objects = [obj('b', '1', { phase: 'failed', error: 'object store unreachable' })];
    await expect(
      waitFor({
        client,
        sources: { b: { path: '/p' } },
        timeoutMs: 5000,
        signal: new AbortController().signal,
        evaluate: s => ({ done: false, failed: `backup failed: ${s.b.get('b')?.status?.error}` }),
      }),
    ).rejects.toThrow(new WaitFailedError('backup failed: object store unreachable'));
  });

  it('times out with the last progress it saw', async () => {
    const client = new ScriptedClient();
    client.objects = [obj('d', '1')];
    const error: any = await waitFor({
      client,
      sources: { d: { path: '/p' } },
      timeoutMs: 100,
      signal: new AbortController().signal,
      evaluate: () => ({ done: false, progress: '1 of 3 updated replicas are available' }),
    }).catch(e => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.message).toMatch(/^did not happen within 0 s; last seen: 1 of 3 updated replicas are available$/);
  });

  it('stops at once when cancelled, with the cancel reason, and closes its watches', async () => {
    const client = new ScriptedClient();
    const controller = new AbortController();
    const done = waitFor({
      client,
      sources: { d: { path: '/p' } },
      timeoutMs: 60_000,
      signal: controller.signal,
      evaluate: () => ({ done: false, progress: 'waiting' }),
    });
    await client.streamsOpen(1);
    controller.abort(new Error('cancelled by user:default/jane'));
    await expect(done).rejects.toThrow('cancelled by user:default/jane');
    expect(client.watches[0].signal?.aborted).toBe(true);
  });
});

describe('label selectors', () => {
  it('formats matchLabels and matchExpressions as the API server reads them', () => {
    const selector = {
      matchLabels: { app: 'agent-registry' },
      matchExpressions: [
        { key: 'tier', operator: 'In' as const, values: ['web', 'api'] },
        { key: 'canary', operator: 'DoesNotExist' as const },
      ],
    };
    expect(formatLabelSelector(selector)).toBe('app=agent-registry,tier in (api,web),!canary');
    expect(matchesSelector({ app: 'agent-registry', tier: 'api' }, parseLabelSelector(formatLabelSelector(selector)))).toBe(true);
    expect(matchesSelector({ app: 'agent-registry', tier: 'api', canary: 'x' }, parseLabelSelector(formatLabelSelector(selector)))).toBe(false);
    expect(matchesSelector({ app: 'agent-registry' }, parseLabelSelector(formatLabelSelector(selector)))).toBe(false);
  });
});
