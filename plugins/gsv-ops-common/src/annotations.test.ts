import { isGsvOpsEnabled, parseNamespacedNames } from './annotations';

describe('parseNamespacedNames', () => {
  it('parses names with and without namespaces and skips empty items', () => {
    expect(
      parseNamespacedNames(' cmp/agent-registry-tls, wildcard-dev-tls ,,'),
    ).toEqual([
      { namespace: 'cmp', name: 'agent-registry-tls' },
      { name: 'wildcard-dev-tls' },
    ]);
    expect(parseNamespacedNames(undefined)).toEqual([]);
  });
});

describe('isGsvOpsEnabled', () => {
  const entity = (annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  });

  it('needs a kubernetes id, a label selector or a database', () => {
    expect(isGsvOpsEnabled(entity({ 'backstage.io/kubernetes-id': 'x' }))).toBe(
      true,
    );
    expect(
      isGsvOpsEnabled(
        entity({ 'backstage.io/kubernetes-label-selector': 'app=x' }),
      ),
    ).toBe(true);
    expect(
      isGsvOpsEnabled(entity({ 'gsv.io/cnpg-cluster': 'cmp/cmp-postgres' })),
    ).toBe(true);
    expect(isGsvOpsEnabled(entity({ 'argocd/app-name': 'x' }))).toBe(false);
  });
});
