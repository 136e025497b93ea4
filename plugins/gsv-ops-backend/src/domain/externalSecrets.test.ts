import { DateTime } from 'luxon';
import { deployment, externalSecret, NOW_ISO } from '../__fixtures__/objects';
import { externalSecretView, forceSyncEffect } from './externalSecrets';
import { DEFAULT_THRESHOLDS } from './thresholds';

const now = DateTime.fromISO(NOW_ISO, { zone: 'utc' });
const thresholds = DEFAULT_THRESHOLDS;

describe('externalSecretView', () => {
  const workloads = [{ kind: 'Deployment' as const, object: deployment() }];

  it('is ok when synced, and finds the deployments that consume the target Secret', () => {
    const view = externalSecretView(externalSecret(), { now, thresholds, workloads });
    expect(view).toMatchObject({
      ready: 'True',
      reason: 'SecretSynced',
      store: 'ClusterSecretStore/vault',
      targetSecret: 'agent-registry-secrets',
      forceSync: { effective: true },
      consumers: [{ kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' }],
      level: 'ok',
    });
  });

  it('is critical when not Ready', () => {
    const view = externalSecretView(
      externalSecret({ status: { conditions: [{ type: 'Ready', status: 'False', reason: 'SecretSyncedError', message: 'could not get secret data from provider' }] } }),
      { now, thresholds, workloads },
    );
    expect(view.findings[0]).toMatchObject({ level: 'critical', code: 'external-secret.not-ready' });
    expect(view.findings[0].reason).toContain('could not get secret data from provider');
  });

  it('warns when not refreshed for several intervals', () => {
    const view = externalSecretView(externalSecret({ status: { refreshTime: '2024-12-04T05:00:00Z' } }), { now, thresholds, workloads });
    expect(view.findings.map(f => f.code)).toEqual(['external-secret.stale']);
  });

  it('knows when force-sync has no effect', () => {
    expect(forceSyncEffect(externalSecret({ spec: { refreshPolicy: 'CreatedOnce' } }))).toEqual({
      effective: false,
      reason: 'refreshPolicy CreatedOnce: never refreshed after the first sync',
    });
    expect(forceSyncEffect(externalSecret({ spec: { refreshInterval: '0' } })).effective).toBe(false);
    expect(forceSyncEffect(externalSecret({ spec: { refreshPolicy: 'OnChange' } })).effective).toBe(true);
  });
});
