import {
  degradedView,
  expiringCertificateView,
  healthyView,
} from '../__fixtures__/entityViews';
import { quickActionsFor } from './quickActions';

describe('quickActionsFor', () => {
  it('offers the everyday runbooks for a healthy service, none of them emphasised', () => {
    const actions = quickActionsFor(healthyView().clusters[0]);
    expect(actions.map(a => a.label)).toEqual([
      'Restart agent-registry',
      'Scale agent-registry',
      'Back up cmp-postgres now',
      'Renew wildcard-dev-tls',
      'Sync agent-registry',
      'Rotate agent-registry-secrets',
    ]);
    expect(actions.every(a => !a.emphasis)).toBe(true);
    // an HPA manages agent-registry: Scale changes its bounds, opened with the current ones
    expect(actions[1].runbook).toBe('autoscaler-scale');
    expect(actions[1].target).toEqual({
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
      parameters: { minReplicas: 2, maxReplicas: 10 },
    });
  });

  it('scales the deployment itself when no HPA manages it', () => {
    const view = healthyView().clusters[0];
    const [deployment] = view.deployments;
    const unmanaged = {
      ...view,
      deployments: [{ ...deployment, hpa: undefined }],
    };
    const scale = quickActionsFor(unmanaged).find(
      a => a.label === 'Scale agent-registry',
    );
    expect(scale).toMatchObject({
      runbook: 'deployment-scale',
      target: {
        namespace: 'cmp',
        name: 'agent-registry',
        parameters: { replicas: 3 },
      },
    });
  });

  it('puts rollback first for a stalled rollout, and sync for a drifting application', () => {
    const actions = quickActionsFor(degradedView().clusters[0]);
    expect(actions.filter(a => a.emphasis).map(a => a.runbook)).toEqual([
      'deployment-rollback',
      'application-sync',
    ]);
    expect(actions[0].label).toBe('Roll back agent-registry');
    // the restart is still offered, but a failed rollout is better rolled back than restarted
    expect(
      actions.find(a => a.runbook === 'deployment-restart')?.emphasis,
    ).toBe(false);
  });

  it('aims the renewal at the certificate in trouble', () => {
    const renew = quickActionsFor(expiringCertificateView().clusters[0]).find(
      a => a.runbook === 'certificate-renew',
    );
    expect(renew).toMatchObject({
      emphasis: true,
      target: { namespace: 'cert-manager', name: 'wildcard-dev-tls' },
    });
  });
});
