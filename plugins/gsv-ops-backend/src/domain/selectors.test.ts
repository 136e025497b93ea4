import type { Entity } from '@backstage/catalog-model';
import { entityTargets, matchesSelector, parseLabelSelector } from './selectors';

describe('label selectors', () => {
  it('parses and matches equality- and set-based requirements', () => {
    const r = parseLabelSelector('app=agent-registry, tier in (web, api),env!=prod,!legacy,team');
    expect(r).toEqual([
      { key: 'app', op: 'in', values: ['agent-registry'] },
      { key: 'tier', op: 'in', values: ['web', 'api'] },
      { key: 'env', op: 'notin', values: ['prod'] },
      { key: 'legacy', op: 'notexists' },
      { key: 'team', op: 'exists' },
    ]);
    expect(matchesSelector({ app: 'agent-registry', tier: 'api', team: 'cmp' }, r)).toBe(true);
    expect(matchesSelector({ app: 'agent-registry', tier: 'api', team: 'cmp', env: 'prod' }, r)).toBe(false);
    expect(matchesSelector({ app: 'agent-registry', tier: 'api', team: 'cmp', legacy: 'y' }, r)).toBe(false);
    expect(matchesSelector({ app: 'agent-registry', tier: 'db', team: 'cmp' }, r)).toBe(false);
    expect(matchesSelector(undefined, parseLabelSelector('a==b'))).toBe(false);
  });

  it('rejects malformed selectors with an InputError', () => {
    expect(() => parseLabelSelector('a=b=c')).toThrow(expect.objectContaining({ name: 'InputError' }));
    expect(() => parseLabelSelector('a in b')).toThrow(/Invalid label selector/);
  });
});

describe('entityTargets', () => {
  const entity = (annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'agent-registry', annotations },
    spec: {},
  });

  it('reads the official and the GSV annotations', () => {
    const t = entityTargets(
      entity({
        'backstage.io/kubernetes-id': 'agent-registry',
        'backstage.io/kubernetes-namespace': 'cmp',
        'gsv.io/cnpg-cluster': 'cmp/cmp-postgres',
        'argocd/app-name': 'agent-registry',
        'gsv.io/certificates': 'cmp/agent-registry-tls,cert-manager/wildcard-dev-tls',
        'gsv.io/external-secrets': 'agent-registry-secrets',
        'gsv.io/worker-deployment': 'cmp/agent-registry-worker',
      }),
      'component:default/agent-registry',
    );
    expect(t).toMatchObject({
      selectorText: 'backstage.io/kubernetes-id=agent-registry',
      namespace: 'cmp',
      databases: [{ namespace: 'cmp', name: 'cmp-postgres' }],
      applications: [{ namespace: 'argocd', name: 'agent-registry' }],
      certificates: [
        { namespace: 'cmp', name: 'agent-registry-tls' },
        { namespace: 'cert-manager', name: 'wildcard-dev-tls' },
      ],
      externalSecrets: [{ namespace: 'cmp', name: 'agent-registry-secrets' }],
      workerDeployment: { namespace: 'cmp', name: 'agent-registry-worker' },
    });
  });

  it('prefers the label selector annotation and falls back to the entity name', () => {
    expect(entityTargets(entity({ 'backstage.io/kubernetes-label-selector': 'app=x', 'backstage.io/kubernetes-id': 'y' }), 'c').selectorText).toBe('app=x');
    const bare = entityTargets(entity({}), 'c');
    expect(bare.selectorText).toBe('backstage.io/kubernetes-id=agent-registry');
    expect(bare.namespace).toBeUndefined();
  });
});
