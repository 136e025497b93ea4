import { KubernetesApiError } from '../ClusterRegistry/types';
import { pod, ScriptedSource } from '../../__testUtils__/ScriptedSource';
import { Informer } from './Informer';
import type { InformerEvent } from './types';

const unreachable = () =>
  new KubernetesApiError({ cluster: 'dev', reason: 'Unreachable', message: 'Cluster dev is unreachable (ECONNREFUSED)' });
const gone = () =>
  new KubernetesApiError({ cluster: 'dev', reason: 'Gone', upstreamStatus: 410, message: 'too old resource version' });

/** Lets queued promise callbacks run without moving the fake clock. */
const flush = () => jest.advanceTimersByTimeAsync(0);

describe('Informer', () => {
  let controller: AbortController;
  let runs: Promise<void>[];

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2024-12-04T10:00:00Z') });
    controller = new AbortController();
    runs = [];
  });

  afterEach(async () => {
    controller.abort();
    await jest.runOnlyPendingTimersAsync();
    await Promise.all(runs);
    jest.useRealTimers();
  });

  function start(source: ScriptedSource, extra: Partial<ConstructorParameters<typeof Informer>[0]> = {}) {
    const informer = new Informer({
      name: 'dev/pods',
      source,
      random: () => 0,
      indexers: { owner: o => (o.metadata.ownerReferences ?? []).map(r => r.uid) },
      ...extra,
    });
    const events: InformerEvent[] = [];
    informer.onEvent(e => events.push(e));
    runs.push(informer.run(controller.signal));
    return { informer, events };
  }

  it('flips hasSynced after the initial list, then watches from the list resourceVersion with trimmed, frozen objects', async () => {
    const source = new ScriptedSource().answerList({
      items: [pod('a', 'rv-a'), pod('b', 'rv-b')],
      resourceVersion: 'list-7f3',
    });
    const { informer } = start(source);
    expect(informer.hasSynced()).toBe(false);
    await flush();

    expect(informer.hasSynced()).toBe(true);
    expect([...informer.list()].map(o => o.metadata.name).sort()).toEqual(['a', 'b']);
    expect(source.streams).toHaveLength(1);
    // resourceVersion is opaque: sent back verbatim
    expect(source.lastStream!.resourceVersion).toBe('list-7f3');

    const a = informer.get('cmp', 'a')!;
    expect(a.metadata.managedFields).toBeUndefined();
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.metadata)).toBe(true);
    expect(() => {
      (a.metadata as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });

  it('delivers adds, updates and deletes from the watch and keeps indexes and generations current', async () => {
    const source = new ScriptedSource().answerList({ items: [pod('a', '1')], resourceVersion: '10' });
    const { informer, events } = start(source);
    await flush();
    const g0 = informer.generation;
    const nsGen0 = informer.namespaceGeneration('cmp');

    const stream = source.lastStream!;
    stream.push({
      type: 'ADDED',
      object: pod('b', '11', {
        metadata: { name: 'b', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-1' }] },
      }),
    });
    stream.push({ type: 'MODIFIED', object: pod('a', '12', { status: { phase: 'Running' } }) });
    stream.push({ type: 'DELETED', object: pod('b', '13') });
    await flush();

    expect(events.filter(e => e.type !== 'status').map(e => [e.type, 'object' in e && e.object.metadata.name])).toEqual([
      ['add', 'a'],
      ['add', 'b'],
      ['update', 'a'],
      ['delete', 'b'],
    ]);
    expect(informer.get('cmp', 'b')).toBeUndefined();
    expect([...informer.byIndex('owner', 'rs-1')]).toEqual([]);
    expect(informer.get('cmp', 'a')!.status.phase).toBe('Running');
    expect(informer.generation).toBe(g0 + 3);
    expect(informer.namespaceGeneration('cmp')).toBe(nsGen0 + 3);
    expect(informer.namespaceGeneration('sso')).toBe(0);
  });

  it('moves the resourceVersion on bookmarks without counting a change', async () => {
    const source = new ScriptedSource().answerList({ items: [], resourceVersion: '10' });
    const { informer } = start(source);
    await flush();
    const generation = informer.generation;
    source.lastStream!.push({ type: 'BOOKMARK', object: { metadata: { name: '', resourceVersion: 'bm-99' } } });
    await flush();
    expect(informer.generation).toBe(generation);
    expect(informer.status().resourceVersion).toBe('bm-99');
    // The server closes the watch (its timeout): we watch again from the bookmark, without listing.
    source.lastStream!.end();
    await flush();
    expect(source.listCalls).toHaveLength(1);
    expect(source.streams).toHaveLength(2);
    expect(source.lastStream!.resourceVersion).toBe('bm-99');
  });

  it('relists on 410 Gone (as an ERROR event) and delivers the deletes it missed', async () => {
    const source = new ScriptedSource().answerList(
      { items: [pod('a', '1'), pod('b', '2')], resourceVersion: '10' },
      { items: [pod('a', '1'), pod('c', '5')], resourceVersion: '20' },
    );
    const { informer, events } = start(source);
    await flush();
    events.length = 0;

    source.lastStream!.push({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 10 (15)' } });
    await flush();

    expect(source.listCalls).toHaveLength(2);
    expect(informer.status().counters.relistsOnGone).toBe(1);
    expect(informer.status().error).toBeUndefined();
    expect(events.map(e => [e.type, 'object' in e ? e.object.metadata.name : undefined])).toEqual([
      ['delete', 'b'],
      ['add', 'c'],
    ]);
    expect(source.lastStream!.resourceVersion).toBe('20');
  });

  it('relists on 410 Gone answered to the watch request itself', async () => {
    const source = new ScriptedSource()
      .answerList({ items: [], resourceVersion: '10' }, { items: [pod('a', '3')], resourceVersion: '30' })
      .failWatch(gone());
    const { informer } = start(source);
    await flush();
    expect(source.listCalls).toHaveLength(2);
    expect(informer.get('cmp', 'a')).toBeDefined();
    expect(source.lastStream!.resourceVersion).toBe('30');
  });

  it('restarts after errors with jittered exponential backoff (0.8 s doubling to 30 s) and clears the error on success', async () => {
    const failures = Array.from({ length: 7 }, unreachable);
    const source = new ScriptedSource().answerList(...failures, { items: [pod('a', '1')], resourceVersion: '1' });
    const { informer, events } = start(source, { random: () => 0.5 });
    await flush();
    expect(informer.hasSynced()).toBe(false);
    expect(informer.status().error).toMatchObject({ reason: 'Unreachable', since: Date.parse('2024-12-04T10:00:00Z') });
    expect(events.filter(e => e.type === 'status')).toHaveLength(1);

    // base 0.8 s with 50% jitter = 1.2 s; then 2.4, 4.8, 9.6, 19.2, 30 (cap), 30
    const expected = [1200, 2400, 4800, 9600, 19200, 30000];
    for (const delay of expected) {
      const calls = source.listCalls.length;
      await jest.advanceTimersByTimeAsync(delay - 1);
      expect(source.listCalls).toHaveLength(calls);
      await jest.advanceTimersByTimeAsync(1);
      expect(source.listCalls).toHaveLength(calls + 1);
    }
    await jest.advanceTimersByTimeAsync(30000);
    expect(informer.hasSynced()).toBe(true);
    expect(informer.status().error).toBeUndefined();
    expect(informer.status().counters.errors).toBe(7);
  });

  it('resets the backoff after two minutes without failures', async () => {
    const source = new ScriptedSource().answerList(
      unreachable(),
      unreachable(),
      { items: [], resourceVersion: '1' },
      unreachable(),
      { items: [], resourceVersion: '2' },
    );
    const { informer } = start(source, { random: () => 0 });
    await flush(); // fail 1 → 0.8 s
    await jest.advanceTimersByTimeAsync(800); // fail 2 → 1.6 s
    await jest.advanceTimersByTimeAsync(1600); // ok, watching
    expect(informer.hasSynced()).toBe(true);
    await jest.advanceTimersByTimeAsync(121_000);
    // the stream breaks with an API error status → reported, relisted after the reset backoff (0.8 s, not 3.2 s)
    source.lastStream!.fail(new KubernetesApiError({ cluster: 'dev', reason: 'ServerError', upstreamStatus: 500, message: 'boom' }));
    await flush();
    expect(informer.status().error?.reason).toBe('ServerError');
    const calls = source.listCalls.length;
    await jest.advanceTimersByTimeAsync(800);
    expect(source.listCalls).toHaveLength(calls + 1);
  });

  it('treats a watch stream broken in transit as routine when the relist succeeds', async () => {
    const source = new ScriptedSource().answerList(
      { items: [pod('a', '1')], resourceVersion: '1' },
      { items: [pod('a', '2')], resourceVersion: '2' },
    );
    const { informer, events } = start(source, { random: () => 0 });
    await flush();
    events.length = 0;
    source.lastStream!.fail(unreachable());
    await flush();
    expect(informer.status().error).toBeUndefined();
    await jest.advanceTimersByTimeAsync(800);
    expect(source.listCalls).toHaveLength(2);
    expect(informer.get('cmp', 'a')!.metadata.resourceVersion).toBe('2');
    expect(events.filter(e => e.type === 'status')).toEqual([]);
  });

  it('marks an optional kind whose list answers 404 as absent (synced, no error) and looks again later', async () => {
    const notFound = new KubernetesApiError({ cluster: 'dev', reason: 'NotFound', upstreamStatus: 404, message: 'the server could not find the requested resource' });
    const source = new ScriptedSource().answerList(notFound, { items: [pod('cert', '1')], resourceVersion: '5' });
    const { informer } = start(source, { optional: true, absentRecheckMs: 300_000 });
    await flush();
    expect(informer.status()).toMatchObject({ synced: true, absent: true });
    expect(informer.status().error).toBeUndefined();
    expect(source.streams).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(300_000);
    expect(informer.status().absent).toBe(false);
    expect(informer.size).toBe(1);
    expect(source.streams).toHaveLength(1);
  });

  it('reports a 404 of a built-in kind as an error', async () => {
    const notFound = new KubernetesApiError({ cluster: 'dev', reason: 'NotFound', upstreamStatus: 404, message: 'not found' });
    const source = new ScriptedSource().answerList(notFound);
    const { informer } = start(source, { optional: false });
    await flush();
    expect(informer.hasSynced()).toBe(false);
    expect(informer.status().error?.reason).toBe('NotFound');
  });

  it('honours Retry-After when it is longer than the backoff', async () => {
    const throttled = new KubernetesApiError({ cluster: 'dev', reason: 'TooManyRequests', upstreamStatus: 429, message: 'slow down', retryAfterSeconds: 7 });
    const source = new ScriptedSource().answerList(throttled, { items: [], resourceVersion: '1' });
    start(source, { random: () => 0 });
    await flush();
    await jest.advanceTimersByTimeAsync(6999);
    expect(source.listCalls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(source.listCalls).toHaveLength(2);
  });

  it('stops everything on abort: the watch ends, backoff timers are cleared, run() resolves', async () => {
    const source = new ScriptedSource().answerList({ items: [], resourceVersion: '1' });
    const { informer } = start(source);
    await flush();
    const stream = source.lastStream!;
    controller.abort();
    await flush();
    await expect(runs[0]).resolves.toBeUndefined();
    expect(stream.ended).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    expect(informer.status().counters.watches).toBe(1);
  });

  it('stops during a backoff wait without another attempt', async () => {
    const source = new ScriptedSource().answerList(unreachable());
    start(source, { random: () => 0 });
    await flush();
    controller.abort();
    await flush();
    await expect(runs[0]).resolves.toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
    expect(source.listCalls).toHaveLength(1);
  });

  it('retryNow() cuts a backoff short', async () => {
    const source = new ScriptedSource().answerList(unreachable(), { items: [], resourceVersion: '1' });
    const { informer } = start(source, { random: () => 0 });
    await flush();
    informer.retryNow();
    await flush();
    expect(source.listCalls).toHaveLength(2);
    expect(informer.hasSynced()).toBe(true);
  });
});
