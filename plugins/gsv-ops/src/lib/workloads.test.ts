import { degradedView, healthyView } from '../__fixtures__/entityViews';
import { deploymentState, rolloutText } from './workloads';

describe('workloads', () => {
  it('names the state of a deployment beyond its level', () => {
    const healthy = healthyView().clusters[0].deployments[0];
    const degraded = degradedView().clusters[0].deployments[0];
    expect(deploymentState(healthy)).toBe('Available');
    expect(deploymentState(degraded)).toBe('Rollout stalled');
    expect(deploymentState({ ...healthy, readyReplicas: 0 })).toBe(
      'Unavailable',
    );
    expect(deploymentState({ ...healthy, readyReplicas: 2 })).toBe('Degraded');
    expect(
      deploymentState({
        ...healthy,
        rollout: { ...healthy.rollout, inProgress: true },
      }),
    ).toBe('Progressing');
    expect(rolloutText(degraded)).toBe('Stalled: 2/3 updated');
    expect(rolloutText(healthy)).toBe('Complete');
  });
});
