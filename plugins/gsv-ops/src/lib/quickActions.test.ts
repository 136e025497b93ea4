import {
  degradedView,
  expiringCertificateView,
  healthyView,
  withWorkerClusterView,
} from '../__fixtures__/entityViews';
import { quickActionsFor } from './quickActions';

describe('quickActionsFor', () => {
  it('offers the everyday runbooks for a healthy service, none of them emphasised', () => {
    const actions = quickActionsFor(healthyView().clusters[0]);
    // revision 12: there is a previous one to roll back to
    expect(actions.map(a => a.label)).toEqual([
      'Roll back agent-registry',
      'Restart agent-registry',
      'Scale agent-registry',
      'Back up cmp-postgres now',
      'Renew wildcard-dev-tls',
      'Sync agent-registry',
      'Rotate agent-registry-secrets',
    ]);
    expect(actions.every(a => !a.emphasis)).toBe(true);
    // an HPA manages agent-registry: Scale changes its bounds, opened with the current ones
    expect(actions[2].runbook).toBe('autoscaler-scale');
    expect(actions[2].target).toEqual({
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

describe('quickActionsFor: rollback and workers', () => {
  it('offers a rollback where a previous revision exists, not emphasised while the rollout is fine', () => {
    const view = healthyView().clusters[0];
    const [deployment] = view.deployments;
    const at = (revision?: string) =>
      quickActionsFor({ ...view, deployments: [{ ...deployment, revision }] });
    expect(at('1').some(a => a.runbook === 'deployment-rollback')).toBe(false);
    expect(at(undefined).some(a => a.runbook === 'deployment-rollback')).toBe(
      false,
    );
    const rollback = at('4').find(a => a.runbook === 'deployment-rollback');
    expect(rollback).toEqual({
      runbook: 'deployment-rollback',
      target: {
        cluster: 'gsv-dev',
        environment: 'dev',
        namespace: 'cmp',
        name: 'agent-registry',
      },
      label: 'Roll back agent-registry',
      emphasis: false,
    });
  });

  it('scales the workers the entity annotation names, where they run', () => {
    const view = healthyView().clusters[0];
    const withWorker = withWorkerClusterView();
    const annotations = {
      'gsv.io/worker-deployment': 'cmp/agent-registry-worker',
    };
    const scaleWorkers = quickActionsFor(withWorker, annotations).find(a =>
      a.label.startsWith('Scale workers'),
    );
    expect(scaleWorkers).toEqual({
      runbook: 'deployment-scale',
      target: {
        cluster: 'gsv-dev',
        environment: 'dev',
        namespace: 'cmp',
        name: 'agent-registry-worker',
        parameters: { replicas: 2 },
      },
      label: 'Scale workers (agent-registry-worker)',
      emphasis: false,
    });
    // no annotation, or workers that do not run in this cluster: no action
    expect(
      quickActionsFor(withWorker).some(a =>
        a.label.startsWith('Scale workers'),
      ),
    ).toBe(false);
    expect(
      quickActionsFor(view, annotations).some(a =>
        a.label.startsWith('Scale workers'),
      ),
    ).toBe(false);
  });
});
