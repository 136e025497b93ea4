import { applicationPromotion } from './applicationPromotion';

const ENVIRONMENTS = [
  { name: 'dev', cluster: 'gsv-dev' },
  { name: 'qa', cluster: 'gsv-dev' },
  { name: 'prod', cluster: 'gsv-prod' },
];

describe('applicationPromotion', () => {
  it('names the previous environment of an overlay on its own cluster', () => {
    expect(
      applicationPromotion(
        ENVIRONMENTS,
        'gsv-dev',
        'apps/agent-registry/overlays/qa',
      ),
    ).toEqual({ fromEnvironment: 'dev', toEnvironment: 'qa' });
    expect(
      applicationPromotion(
        ENVIRONMENTS,
        'gsv-prod',
        'apps/agent-registry/overlays/prod/',
      ),
    ).toEqual({ fromEnvironment: 'qa', toEnvironment: 'prod' });
  });

  it('is undefined for the first environment, another cluster, or a path that is no overlay', () => {
    expect(
      applicationPromotion(
        ENVIRONMENTS,
        'gsv-dev',
        'apps/agent-registry/overlays/dev',
      ),
    ).toBeUndefined();
    expect(
      applicationPromotion(
        ENVIRONMENTS,
        'gsv-prod',
        'apps/agent-registry/overlays/qa',
      ),
    ).toBeUndefined();
    expect(
      applicationPromotion(ENVIRONMENTS, 'gsv-dev', 'apps/keycloak'),
    ).toBeUndefined();
    expect(
      applicationPromotion([], 'gsv-dev', 'apps/agent-registry/overlays/qa'),
    ).toBeUndefined();
  });
});
