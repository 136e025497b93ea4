import { isKubernetesApiError, KubeObject, KubernetesClient, WatchEvent } from '../ClusterRegistry/types';
import { collectionPath, KindDefinition } from './kinds';
import type { ListResult, ListWatchSource } from './types';

interface KubeList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

/**
 * Lists and watches one kind in one cluster (optionally one namespace) through a {@link KubernetesClient}:
 * paginated lists (like client-go's pager, falling back to one full list when a continue token expires), and
 * watches with bookmarks and a server-side timeout of 5–10 minutes (client-go's jittered `minWatchTimeout`).
 */
export class KubernetesListWatch implements ListWatchSource {
  private versionIndex = 0;

  constructor(
    private readonly options: {
      client: KubernetesClient;
      kind: KindDefinition;
      namespace?: string;
      pageSize?: number;
      random?: () => number;
    },
  ) {}

  async list({ signal }: { signal: AbortSignal }): Promise<ListResult> {
    const { versions } = this.options.kind;
    // Start from the version that worked last; on 404 try the next one (e.g. external-secrets v1 → v1beta1).
    for (let i = 0; i < versions.length; i++) {
      const index = (this.versionIndex + i) % versions.length;
      try {
        const result = await this.listVersion(versions[index], signal);
        this.versionIndex = index;
        return result;
      } catch (e) {
        const last = i === versions.length - 1;
        if (!last && isKubernetesApiError(e) && e.reason === 'NotFound') continue;
        throw e;
      }
    }
    throw new Error('unreachable');
  }

  watch({ resourceVersion, signal }: { resourceVersion: string; signal: AbortSignal }): AsyncIterable<WatchEvent> {
    const timeoutSeconds = Math.floor(300 * (1 + (this.options.random ?? Math.random)()));
    return this.options.client.watch({
      path: this.path(this.options.kind.versions[this.versionIndex]),
      query: {
        resourceVersion: resourceVersion || undefined,
        allowWatchBookmarks: true,
        timeoutSeconds,
      },
      signal,
      idleTimeoutMs: (timeoutSeconds + 30) * 1000,
    });
  }

  private async listVersion(version: string, signal: AbortSignal): Promise<ListResult> {
    const path = this.path(version);
    const pageSize = this.options.pageSize ?? 500;
    const items: KubeObject[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      let page: KubeList;
      try {
        page = await this.options.client.requestJson<KubeList>({
          path,
          query: { limit: pageSize, continue: continueToken },
          signal,
        });
      } catch (e) {
        if (continueToken && isKubernetesApiError(e) && e.reason === 'Gone') {
          // The continue token expired mid-list: one consistent full list instead.
          const full = await this.options.client.requestJson<KubeList>({ path, signal });
          return { items: full.items ?? [], resourceVersion: full.metadata?.resourceVersion ?? '' };
        }
        throw e;
      }
      for (const item of page.items ?? []) items.push(item);
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken && !signal.aborted);
    return { items, resourceVersion };
  }

  private path(version: string): string {
    return collectionPath(this.options.kind, version, this.options.namespace);
  }
}
