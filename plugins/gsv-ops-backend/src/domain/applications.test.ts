import { application } from '../__fixtures__/objects';
import { applicationView } from './applications';

describe('applicationView', () => {
  it('is ok for a synced, healthy application, with revision, last sync and history newest first', () => {
    const view = applicationView(application('agent-registry', 'Synced', 'Healthy'));
    expect(view).toMatchObject({
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
      revision: '9f1c2e7a4b',
      targetRevision: 'main',
      lastSyncedAt: '2024-12-04T09:57:40Z',
      operationPhase: 'Succeeded',
      level: 'ok',
      images: ['ghcr.io/digitlify-inc/agent-registry:v1.2.3'],
    });
    expect(view.history.map(h => [h.id, h.initiatedBy])).toEqual([
      [41, 'automated'],
      [40, 'jane'],
    ]);
  });

  it('warns on OutOfSync, naming the resources', () => {
    const view = applicationView(application('keycloak', 'OutOfSync', 'Healthy'));
    expect(view.level).toBe('warning');
    expect(view.outOfSyncResources).toEqual([{ kind: 'Deployment', namespace: 'cmp', name: 'keycloak' }]);
    expect(view.findings[0].reason).toBe('Argo CD application argocd/keycloak is OutOfSync with main: Deployment keycloak');
  });

  it('is critical when Degraded and warns on a failed sync', () => {
    const view = applicationView(
      application('agent-registry', 'Synced', 'Degraded', {
        status: {
          health: { status: 'Degraded', message: 'Deployment "agent-registry" exceeded its progress deadline' },
          operationState: { phase: 'Failed', message: 'one or more objects failed to apply' },
        },
      }),
    );
    expect(view.findings.map(f => [f.level, f.code])).toEqual([
      ['critical', 'application.health.degraded'],
      ['warning', 'application.sync-failed'],
    ]);
  });
});
