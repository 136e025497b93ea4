import { mockCredentials } from '@backstage/backend-test-utils';
import { DateTime } from 'luxon';
import { PrometheusClient } from '../metrics/PrometheusClient';
import { startTestbed, type Testbed } from '../operations/__testUtils__/testbed';
import { DrReadinessService } from './DrReadinessService';

jest.setTimeout(60_000);

const settings = { restorePointAgeSeconds: 300, rpoTargetSeconds: 300, maxBackupAgeSeconds: 26 * 3600, rehearsalIntervalSeconds: 90 * 86400 };

/** End to end on the embedded cluster: its CNPG objects, its Prometheus' archiver metrics, the engine's audit log. */
describe('DR readiness against the embedded cluster', () => {
  let bed: Testbed;
  let service: DrReadinessService;

  beforeAll(async () => {
    bed = await startTestbed();
    service = new DrReadinessService({
      opsService: bed.readService,
      store: bed.store,
      monitoring: new Map([[bed.name, { prometheus: new PrometheusClient({ baseUrl: bed.dev.monitoring!.prometheusUrl }), serviceLabel: 'service' }]]),
      settings,
      cacheTtlMs: 0,
      now: () => DateTime.fromMillis(bed.dev.clock.now(), { zone: 'utc' }),
    });
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('shows the seeded databases: keycloak-postgres not ready (archiving failing for 3 hours), cmp-postgres only unrehearsed', async () => {
    const view = await service.forPlatform(mockCredentials.user());
    expect(view.metricErrors).toEqual([]);
    const [keycloak, cmp] = view.items;
    expect(keycloak).toMatchObject({ name: 'keycloak-postgres', status: 'not-ready', canRestoreToPoint: false, walArchiving: 'failing', window: { toSource: 'archiver-metric' } });
    expect(keycloak.rpoSeconds! / 3600).toBeCloseTo(3, 1);
    expect(keycloak.blockers.map(b => b.id)).toEqual([
      'wal-archiving-failing',
      'window-not-covering',
      'rpo-exceeded',
      'no-scheduled-backup',
      'backup-too-old',
      'never-rehearsed',
    ]);
    expect(cmp).toMatchObject({ name: 'cmp-postgres', status: 'at-risk', canRestoreToPoint: true, walArchiving: 'ok' });
    expect(cmp.rpoSeconds).toBeLessThan(90);
    expect(cmp.blockers.map(b => b.id)).toEqual(['never-rehearsed']);
  });

  it('counts a successful restore as the rehearsal of its source database', async () => {
    const op = await bed.start('database-restore', {
      namespace: 'cmp',
      sourceCluster: 'cmp-postgres',
      newClusterName: 'cmp-postgres-rehearsal',
      targetTime: new Date(bed.dev.clock.now() - 10 * 60_000).toISOString(),
    });
    expect((await bed.finished(op.id)).status).toBe('succeeded');
    const view = await service.forEntity('component:default/agent-registry', mockCredentials.user(), bed.name);
    expect(view.items.map(i => [i.name, i.status])).toEqual([['cmp-postgres', 'ready']]);
    expect(view.items[0].lastRehearsal).toMatchObject({ operationId: op.id, initiatedBy: 'user:default/jane' });
  });

  it('turns cmp-postgres not ready once its object store breaks and the archiver falls behind the target', async () => {
    bed.dev.faults.breakObjectStore('cmp', 'cmp-postgres-store');
    try {
      const line = async () => (await service.forEntity('component:default/agent-registry', mockCredentials.user(), bed.name)).items[0];
      for (let i = 0; i < 600 && (await line()).status !== 'not-ready'; i++) await new Promise(r => setTimeout(r, 100));
      const broken = await line();
      expect(broken).toMatchObject({ status: 'not-ready', walArchiving: 'failing' });
      expect(broken.blockers.map(b => b.id)).toContain('wal-archiving-failing');
    } finally {
      bed.dev.faults.fixObjectStore('cmp', 'cmp-postgres-store');
    }
  });
});
