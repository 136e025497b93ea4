import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  gsvOpsLogsReadPermission,
  type EntityLogs,
  type EntityOpsView,
  type LogLine,
  type LogSource,
} from '@gsv/plugin-gsv-ops-common';
import type { ClusterRegistry } from '../services/ClusterRegistry/types';
import type { OpsService } from '../services/OpsService/types';
import { matchesFilter, toLogLine, type LogFilter } from './logLines';

export interface LogsQuery extends LogFilter {
  entityRef: string;
  cluster: string;
  /** One pod of the entity; all of them (up to `maxPods`) when absent. */
  pod?: string;
  container?: string;
  previous: boolean;
  sinceSeconds: number;
  /** How many matching lines to return at most (newest). */
  limit: number;
}

export interface LogsServiceOptions {
  registry: ClusterRegistry;
  opsService: OpsService;
  permissions: PermissionsService;
  /** The newest lines read per container log (the API server's tailLines; default 5000). */
  maxLinesPerContainer?: number;
  /** Bytes read per container log at most (the API server's limitBytes; default 2 MiB). */
  maxBytesPerContainer?: number;
  maxPods?: number;
}

/**
 * The logs of an entity's pods, read from the pod log API with GSV Ops' own identity — only after the caller passed
 * `gsv-ops.logs.read` on the entity, and only for pods the caller's Ops view of that entity shows. Never a shell.
 */
export class LogsService {
  constructor(private readonly options: LogsServiceOptions) {}

  /** The entity's pods in the cluster (checked: permission, pod belongs to the entity); throws 403/404/400. */
  async sourcesFor(query: Pick<LogsQuery, 'entityRef' | 'cluster' | 'pod' | 'container'>, credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: gsvOpsLogsReadPermission, resourceRef: query.entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to read the logs of ${query.entityRef} (permission ${gsvOpsLogsReadPermission.name})`);
    }
    const result = await this.options.opsService.getEntityView({ entityRef: query.entityRef, credentials, cluster: query.cluster });
    if (result.notModified) throw new Error('an unconditional read answered not modified');
    const view: EntityOpsView = result.value;
    const cluster = view.clusters.find(c => c.cluster.name === query.cluster);
    if (!cluster) throw new NotFoundError(`${query.entityRef} has nothing in cluster ${query.cluster}`);
    const pods = [...cluster.deployments.flatMap(d => d.pods), ...cluster.otherPods];
    const sources: LogSource[] = pods.map(p => ({
      pod: p.name,
      namespace: p.namespace,
      containers: p.containers.map(c => c.name),
      restarts: p.restarts,
    }));
    if (query.pod && !sources.some(s => s.pod === query.pod)) {
      throw new NotFoundError(`Pod ${query.pod} is not one of the pods of ${query.entityRef} in cluster ${query.cluster}`);
    }
    const chosen = query.pod ? sources.filter(s => s.pod === query.pod) : sources.slice(0, this.options.maxPods ?? 10);
    if (query.container && !chosen.every(s => s.containers.includes(query.container!))) {
      throw new InputError(`Container ${query.container} is not in pod ${query.pod ?? chosen.map(s => s.pod).join(', ')}`);
    }
    return { sources, chosen };
  }

  /** The recent lines of the chosen pods' containers, filtered, with the guide's pattern counts over the window. */
  async read(query: LogsQuery, credentials: BackstageCredentials): Promise<EntityLogs> {
    const { sources, chosen } = await this.sourcesFor(query, credentials);
    const client = this.options.registry.getCluster(query.cluster).client;
    const all: LogLine[] = [];
    const errors: EntityLogs['errors'] = [];
    let cut = false;
    const maxLines = this.options.maxLinesPerContainer ?? 5000;
    const maxBytes = this.options.maxBytesPerContainer ?? 2 * 1024 * 1024;
    await Promise.all(
      chosen.flatMap(source =>
        (query.container ? [query.container] : source.containers).map(async container => {
          if (!client.streamLines) {
            errors.push({ pod: source.pod, container, message: `cluster ${query.cluster} gives GSV Ops no log access` });
            return;
          }
          let bytes = 0;
          let lines = 0;
          try {
            for await (const raw of client.streamLines({
              path: `/api/v1/namespaces/${encodeURIComponent(source.namespace)}/pods/${encodeURIComponent(source.pod)}/log`,
              query: { container, previous: query.previous || undefined, sinceSeconds: query.sinceSeconds, timestamps: true, tailLines: maxLines, limitBytes: maxBytes },
            })) {
              bytes += raw.length + 1;
              lines += 1;
              if (raw) all.push(toLogLine(raw, source.pod, container));
            }
            if (bytes >= maxBytes || lines >= maxLines) cut = true;
          } catch (e) {
            errors.push({ pod: source.pod, container, message: (e as Error).message });
          }
        }),
      ),
    );
    // RFC 3339 times of one format: their order as strings is their order in time
    all.sort((a, b) => Number((a.time ?? '') > (b.time ?? '')) - Number((a.time ?? '') < (b.time ?? '')));
    const counts: Record<string, number> = {};
    for (const line of all) for (const id of line.patterns) counts[id] = (counts[id] ?? 0) + 1;
    const matching = all.filter(line => matchesFilter(line, query));
    return {
      cluster: query.cluster,
      sources,
      lines: matching.slice(-query.limit),
      counts,
      scanned: all.length,
      truncated: cut || matching.length > query.limit,
      sinceSeconds: query.sinceSeconds,
      errors,
    };
  }
}
