import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type {
  AlertView,
  EntityMetricsView,
  EntityOpsView,
  EventView,
} from '@gsv/plugin-gsv-ops-common';
import type { Knex } from 'knex';
import { agentRegistryEntity } from '../__fixtures__/platform';
import { createTestDatabases } from '../operations/__testUtils__/databases';
import { applyOperationsMigrations } from '../operations/store/migrations';
import type { OpsService } from '../services/OpsService/types';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { IncidentObserver } from './IncidentObserver';

const { databases } = createTestDatabases();
const REGISTRY = 'component:default/agent-registry';
const T0 = Date.parse('2026-12-07T10:00:00Z');

const alert: AlertView = {
  name: 'HighErrorRate',
  severity: 'critical',
  summary: '5% of requests fail',
  startsAt: new Date(T0 - 60_000).toISOString(),
  state: 'active',
  generatorURL: 'http://prometheus/graph?g0.expr=x',
  fingerprint: 'f1',
  labels: {},
};
const backOff: EventView = {
  namespace: 'cmp',
  type: 'Warning',
  reason: 'BackOff',
  message: 'Back-off restarting failed container',
  involvedObject: { kind: 'Pod', namespace: 'cmp', name: 'agent-registry-1' },
  count: 4,
  firstTimestamp: new Date(T0 - 600_000).toISOString(),
  lastTimestamp: new Date(T0 + 30_000).toISOString(),
};
// Last seen before the declaration: not part of the incident.
const older: EventView = {
  ...backOff,
  reason: 'Unhealthy',
  lastTimestamp: new Date(T0 - 30_000).toISOString(),
};

function view(events: EventView[]): EntityOpsView {
  return {
    clusters: [{ cluster: { name: 'gsv-dev' }, events }],
  } as unknown as EntityOpsView;
}

function metrics(alerts: AlertView[], failing = false): EntityMetricsView {
  return {
    configured: true,
    alerts,
    errors: failing
      ? [{ source: 'alertmanager', message: 'Alertmanager is unreachable' }]
      : [],
  } as unknown as EntityMetricsView;
}

describe('IncidentObserver', () => {
  let knex: Knex;
  let store: DatabaseIncidentStore;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await applyOperationsMigrations(knex);
    store = new DatabaseIncidentStore(knex);
  }, 60_000);

  afterAll(async () => {
    await knex?.destroy();
  });

  it('records firing alerts and warning events, and when an alert was no longer seen', async () => {
    const incident = await store.create({
      id: 'GSV-INC-0000000A',
      entityRef: REGISTRY,
      severity: 'P1',
      summary: 'Registry fails',
      commander: 'user:default/jane',
      declaredBy: 'user:default/jane',
      declaredAt: T0,
    });
    const answers = [metrics([alert]), metrics([], true), metrics([])];
    const changed: string[] = [];
    let now = T0 + 60_000;
    const observer = new IncidentObserver({
      store,
      catalog: {
        getEntityByRef: async ref =>
          ref === REGISTRY ? agentRegistryEntity : undefined,
      },
      opsService: {
        getEntityView: async () => ({
          notModified: false,
          etag: '1',
          body: '',
          value: view([backOff, older]),
        }),
      } as unknown as OpsService,
      entityMetrics: async () => answers.shift(),
      now: () => now,
      onChanged: ref => changed.push(ref),
    });
    const credentials = mockCredentials.service();
    const logger = mockServices.logger.mock();

    await observer.observeOpen(credentials, logger);
    // the alert and the events were new: viewers of the incident are told
    expect(changed).toEqual([REGISTRY]);
    now = T0 + 120_000;
    // Alertmanager down: nothing is marked resolved, and the failure is logged.
    await observer.observeOpen(credentials, logger);
    expect(logger.warn).toHaveBeenCalledWith(
      'Incident GSV-INC-0000000A: Alerts of gsv-dev: Alertmanager is unreachable',
    );
    // nothing new was seen: no signal
    expect(changed).toEqual([REGISTRY]);
    now = T0 + 180_000;
    await observer.observeOpen(credentials, logger);
    // the alert ended
    expect(changed).toEqual([REGISTRY, REGISTRY]);

    expect(await store.observations(incident.id)).toEqual([
      {
        key: 'alert:gsv-dev:f1',
        kind: 'alert',
        at: T0 - 60_000,
        title: 'HighErrorRate (critical) in gsv-dev',
        detail: '5% of requests fail',
        link: 'http://prometheus/graph?g0.expr=x',
        resolvedAt: T0 + 180_000,
      },
      {
        key: `event:gsv-dev:Pod cmp/agent-registry-1:BackOff:${backOff.firstTimestamp}`,
        kind: 'event',
        at: T0 + 30_000,
        title: 'BackOff on Pod cmp/agent-registry-1 in gsv-dev',
        detail: 'Back-off restarting failed container (4 times)',
      },
    ]);
  });
});
