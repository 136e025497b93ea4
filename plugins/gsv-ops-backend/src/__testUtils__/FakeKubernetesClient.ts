import {
  KubeObject,
  KubernetesApiError,
  KubernetesClient,
  KubernetesRequest,
  KubernetesWatchRequest,
  WatchEvent,
} from '../services/ClusterRegistry/types';

type Watcher = { key: string; namespace?: string; push: (e: WatchEvent) => void; end: () => void };

const PATH = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/;

/**
 * An in-memory API server behind the {@link KubernetesClient} interface, for tests of everything above the
 * HTTP client: lists with a resourceVersion, watches that receive changes, 404 for kinds not "installed",
 * and a switch that makes the whole cluster fail.
 */
export class FakeKubernetesClient implements KubernetesClient {
  private readonly collections = new Map<string, Map<string, KubeObject>>();
  private readonly watchers = new Set<Watcher>();
  private rv = 100;
  /** While set, every request fails with it and open watches break. */
  private failure?: KubernetesApiError;
  readonly absent = new Set<string>();
  /** Plurals the service account may not read (403). */
  readonly forbidden = new Set<string>();
  requestCount = 0;
  readonly paths: string[] = [];
  summaries = new Map<string, unknown>();

  constructor(
    readonly cluster: string,
    objects: Record<string, KubeObject[]> = {},
  ) {
    for (const [plural, list] of Object.entries(objects)) {
      for (const o of list) this.put(plural, o, false);
    }
  }

  /** Adds or replaces an object; `plural` is e.g. `pods`, `certificates`, `clusters` (CNPG). */
  put(plural: string, object: KubeObject, notify = true) {
    const map = this.collection(plural);
    const key = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const existed = map.has(key);
    this.rv += 1;
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: `rv-${this.rv}` } };
    map.set(key, stored);
    if (notify) this.notify(plural, { type: existed ? 'MODIFIED' : 'ADDED', object: stored });
  }

  remove(plural: string, namespace: string | undefined, name: string) {
    const map = this.collection(plural);
    const key = `${namespace ?? ''}/${name}`;
    const old = map.get(key);
    if (!old) return;
    map.delete(key);
    this.rv += 1;
    this.notify(plural, { type: 'DELETED', object: { ...old, metadata: { ...old.metadata, resourceVersion: `rv-${this.rv}` } } });
  }

  /** Takes the cluster down (every request fails, watches break) or brings it back. */
  setDown(down: boolean) {
    if (down) {
      this.failure = new KubernetesApiError({
        cluster: this.cluster,
        reason: 'Unreachable',
        message: `Cluster ${this.cluster} is unreachable (ECONNREFUSED)`,
      });
      for (const w of [...this.watchers]) w.end();
    } else {
      this.failure = undefined;
    }
  }

  async requestJson<T = unknown>(request: KubernetesRequest): Promise<T> {
    this.requestCount += 1;
    this.paths.push(request.path);
    if (this.failure) throw this.failure;
    if (request.path === '/version') return { major: '1', minor: '30', gitVersion: 'v1.30.0' } as T;
    const summary = /^\/api\/v1\/nodes\/([^/]+)\/proxy\/stats\/summary$/.exec(request.path);
    if (summary) {
      const body = this.summaries.get(summary[1]);
      if (!body) throw new KubernetesApiError({ cluster: this.cluster, reason: 'NotFound', upstreamStatus: 404, message: 'no summary' });
      return body as T;
    }
    const { plural, namespace } = this.parse(request.path);
    const items = [...this.collection(plural).values()].filter(o => !namespace || o.metadata.namespace === namespace);
    return { metadata: { resourceVersion: `rv-${this.rv}` }, items } as T;
  }

  watch(request: KubernetesWatchRequest): AsyncIterable<WatchEvent> {
    this.requestCount += 1;
    this.paths.push(`${request.path}?watch`);
    const failure = this.failure;
    const { plural, namespace } = failure ? { plural: '', namespace: undefined } : this.parse(request.path);
    const watchers = this.watchers;
    return {
      async *[Symbol.asyncIterator]() {
        if (failure) throw failure;
        const queue: Array<WatchEvent | 'end'> = [];
        let wake: (() => void) | undefined;
        const watcher: Watcher = {
          key: plural,
          namespace,
          push: e => {
            queue.push(e);
            wake?.();
          },
          end: () => {
            queue.push('end');
            wake?.();
          },
        };
        watchers.add(watcher);
        const onAbort = () => watcher.end();
        const pushed = () =>
          new Promise<void>(resolve => {
            wake = resolve;
          });
        request.signal?.addEventListener('abort', onAbort, { once: true });
        try {
          for (;;) {
            const next = queue.shift();
            if (next === undefined) {
              await pushed();
              wake = undefined;
              continue;
            }
            if (next === 'end') {
              if (request.signal?.aborted) return;
              throw new KubernetesApiError({ cluster: 'fake', reason: 'Unreachable', message: 'connection reset' });
            }
            yield next;
          }
        } finally {
          watchers.delete(watcher);
          request.signal?.removeEventListener('abort', onAbort);
        }
      },
    };
  }

  private notify(plural: string, event: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject }) {
    for (const w of this.watchers) {
      if (w.key === plural && (!w.namespace || w.namespace === event.object.metadata.namespace)) w.push(event);
    }
  }

  private parse(path: string): { plural: string; namespace?: string } {
    const m = PATH.exec(path);
    if (!m) throw new KubernetesApiError({ cluster: this.cluster, reason: 'NotFound', upstreamStatus: 404, message: `no route ${path}` });
    const plural = m[4];
    if (this.forbidden.has(plural)) {
      throw new KubernetesApiError({
        cluster: this.cluster,
        reason: 'Forbidden',
        upstreamStatus: 403,
        message: `Cluster ${this.cluster} answered 403: ${plural} is forbidden: User "system:serviceaccount:backstage:gsv-backstage" cannot list resource "${plural}"`,
      });
    }
    if (this.absent.has(plural)) {
      throw new KubernetesApiError({ cluster: this.cluster, reason: 'NotFound', upstreamStatus: 404, message: 'the server could not find the requested resource' });
    }
    return { plural, namespace: m[3] };
  }

  private collection(plural: string) {
    let map = this.collections.get(plural);
    if (!map) {
      map = new Map();
      this.collections.set(plural, map);
    }
    return map;
  }
}
