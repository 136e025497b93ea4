import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import type { EntityOpsView, PlatformHealthView } from '@gsv/plugin-gsv-ops-common';
import { DateTime } from 'luxon';
import { cmpPostgresView } from '../__fixtures__/databaseViews';
import { NOW_ISO } from '../__fixtures__/objects';
import { PrometheusClient } from '../metrics/PrometheusClient';
import type { OperationStore, StoredOperation } from '../operations/store/types';
import type { OpsService } from '../services/OpsService/types';
import { DrReadinessService } from './DrReadinessService';

const now = DateTime.fromISO(NOW_ISO, { zone: 'utc' });
const epoch = (t: DateTime) => String(t.toSeconds());
const settings = { restorePointAgeSeconds: 300, rpoTargetSeconds: 300, maxBackupAgeSeconds: 26 * 3600, rehearsalIntervalSeconds: 90 * 86400 };

const database = cmpPostgresView();
const entityView = {
  entityRef: 'component:default/agent-registry',
  clusters: [{ cluster: { name: 'gsv-dev', environment: 'dev' }, databases: [database] }],
} as unknown as EntityOpsView;
const platformView = {
  databases: [
    { cluster: 'gsv-dev', environment: 'dev', entityRef: 'resource:default/cmp-postgres', item: database },
    { cluster: 'gsv-prod', environment: 'prod', item: { ...database, name: 'other', instanceNames: ['other-1'] } },
  ],
} as unknown as PlatformHealthView;

const ok = <T>(value: T) => ({ notModified: false as const, etag: 'e', value, body: '' });

function opsService(allowed = true): OpsService {
  const deny = async () => {
    throw new NotAllowedError('Not allowed');
  };
  return {
    getEntityView: allowed ? async () => ok(entityView) : deny,
    getPlatformHealth: allowed ? async () => ok(platformView) : deny,
    listTargets: deny,
  };
}

/** A Prometheus answering the archiver queries as CloudNativePG's exporter would: -1 on replicas (filtered by `> 0`). */
function prometheus(series: { archived: Record<string, DateTime>; failed?: Record<string, DateTime> }) {
  const queries: string[] = [];
  const fetch = (async (_url: string, init: { body: URLSearchParams }) => {
    const query = new URLSearchParams(String(init.body)).get('query')!;
    queries.push(query);
    const times = query.startsWith('cnpg_pg_stat_archiver_last_archived_time') ? series.archived : series.failed ?? {};
    const result = Object.entries(times).map(([pod, t]) => ({ metric: { namespace: 'cmp', pod }, value: [now.toSeconds(), epoch(t)] }));
    return new Response(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }), { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  return { client: new PrometheusClient({ baseUrl: 'http://prometheus.test', fetch }), queries };
}

function store(runs: Partial<StoredOperation>[] = []): OperationStore {
  return { lastSucceededPerTarget: async () => runs } as unknown as OperationStore;
}

function service(options: { allowed?: boolean; prom?: PrometheusClient; runs?: Partial<StoredOperation>[] } = {}) {
  return new DrReadinessService({
    opsService: opsService(options.allowed),
    store: store(options.runs),
    monitoring: new Map(options.prom ? [['gsv-dev', { prometheus: options.prom, serviceLabel: 'service' }]] : []),
    settings,
    cacheTtlMs: 60_000,
    now: () => now,
  });
}

const restore = { id: 'op-7', cluster: 'gsv-dev', target: { kind: 'Cluster', namespace: 'cmp', name: 'cmp-postgres' }, finishedAt: '2024-11-20T10:00:00Z', initiatedBy: 'user:default/jane' };

describe('DrReadinessService', () => {
  it("reads the primary's archiver metric and the last restore: ready", async () => {
    const { client, queries } = prometheus({ archived: { 'cmp-postgres-1': now.minus({ seconds: 30 }) } });
    const view = await service({ prom: client, runs: [restore] }).forEntity(entityView.entityRef, mockCredentials.user());
    expect(queries).toEqual(['cnpg_pg_stat_archiver_last_archived_time > 0', 'cnpg_pg_stat_archiver_last_failed_time > 0']);
    expect(view.metricErrors).toEqual([]);
    expect(view.items).toHaveLength(1);
    expect(view.items[0]).toMatchObject({
      cluster: 'gsv-dev',
      entityRef: 'component:default/agent-registry',
      status: 'ready',
      rpoSeconds: 30,
      lastArchivedWalTime: '2024-12-04T09:59:30Z',
      lastRehearsal: { operationId: 'op-7', finishedAt: '2024-11-20T10:00:00Z' },
      blockers: [],
    });
  });

  it('sees a failing archiver in the metric, and shares the answer between viewers', async () => {
    const { client, queries } = prometheus({
      archived: { 'cmp-postgres-1': now.minus({ minutes: 40 }) },
      failed: { 'cmp-postgres-1': now.minus({ seconds: 20 }) },
    });
    const dr = service({ prom: client, runs: [restore] });
    const first = await dr.forEntity(entityView.entityRef, mockCredentials.user());
    await dr.forEntity(entityView.entityRef, mockCredentials.user());
    expect(queries).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ status: 'not-ready', walArchiving: 'failing', rpoSeconds: 2400, canRestoreToPoint: false });
  });

  it('falls back to the archiving condition without Prometheus, and says when Prometheus fails', async () => {
    const without = await service().forEntity(entityView.entityRef, mockCredentials.user());
    expect(without.items[0]).toMatchObject({ status: 'at-risk', window: { toSource: 'archiving-condition' } });
    expect(without.items[0].blockers.map(b => b.id)).toEqual(['never-rehearsed']);

    const broken = new PrometheusClient({ baseUrl: 'http://prometheus.test', fetch: (async () => new Response('down', { status: 503 })) as unknown as typeof fetch });
    const failed = await service({ prom: broken }).forEntity(entityView.entityRef, mockCredentials.user());
    expect(failed.metricErrors).toEqual([{ cluster: 'gsv-dev', message: expect.stringContaining('The WAL archiver metrics could not be read') }]);
    expect(failed.items[0].window?.toSource).toBe('archiving-condition');
  });

  it('lists every database of the platform worst first, matching rehearsals by cluster and database', async () => {
    const view = await service({ runs: [restore, { ...restore, cluster: 'gsv-prod', target: { ...restore.target, name: 'elsewhere' } }] }).forPlatform(mockCredentials.user());
    expect(view.items.map(i => [i.cluster, i.name, i.status])).toEqual([
      ['gsv-prod', 'other', 'at-risk'],
      ['gsv-dev', 'cmp-postgres', 'ready'],
    ]);
    expect(view.items[1].entityRef).toBe('resource:default/cmp-postgres');
  });

  it('passes the denial of the permission-checking OpsService on', async () => {
    await expect(service({ allowed: false }).forEntity(entityView.entityRef, mockCredentials.user())).rejects.toThrow(NotAllowedError);
    await expect(service({ allowed: false }).forPlatform(mockCredentials.user())).rejects.toThrow(NotAllowedError);
  });
});
