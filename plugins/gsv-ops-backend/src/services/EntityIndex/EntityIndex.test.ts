import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { agentRegistryEntity, keycloakEntity } from '../../__fixtures__/platform';
import { EntityIndex } from './EntityIndex';

describe('EntityIndex', () => {
  it('links objects to entities by kubernetes-id label and by the annotations that name them', async () => {
    const api = { ...agentRegistryEntity, kind: 'API', metadata: { ...agentRegistryEntity.metadata, name: 'agent-registry-api' } };
    const index = new EntityIndex({
      catalog: catalogServiceMock({ entities: [agentRegistryEntity, api, keycloakEntity] }),
      auth: mockServices.auth(),
    });
    await index.refresh();
    expect(index.lookup({ kind: 'Pod', namespace: 'cmp', name: 'x', labels: { 'backstage.io/kubernetes-id': 'agent-registry' } })).toBe(
      'component:default/agent-registry',
    );
    expect(index.lookup({ kind: 'Application', namespace: 'argocd', name: 'keycloak' })).toBe('component:default/keycloak');
    expect(index.lookup({ kind: 'Cluster', namespace: 'cmp', name: 'cmp-postgres' })).toBe('component:default/agent-registry');
    expect(index.lookup({ kind: 'Certificate', namespace: 'sso', name: 'keycloak-tls' })).toBe('component:default/keycloak');
    expect(index.lookup({ kind: 'ExternalSecret', namespace: 'cmp', name: 'agent-registry-secrets' })).toBe('component:default/agent-registry');
    expect(index.lookup({ kind: 'Certificate', namespace: 'other', name: 'keycloak-tls' })).toBeUndefined();
    expect(index.lookup({ kind: 'Pod', name: 'y', labels: { 'backstage.io/kubernetes-id': 'nope' } })).toBeUndefined();
    // the volumes and pods of a CNPG cluster go with their Cluster
    expect(index.lookup({ kind: 'PersistentVolumeClaim', namespace: 'cmp', name: 'cmp-postgres-2', labels: { 'cnpg.io/cluster': 'cmp-postgres' } })).toBe(
      'component:default/agent-registry',
    );
    expect(index.lookup({ kind: 'PersistentVolumeClaim', namespace: 'other', name: 'db-1', labels: { 'cnpg.io/cluster': 'cmp-postgres' } })).toBeUndefined();
  });

  it('keeps the last index when the catalog fails', async () => {
    const index = new EntityIndex({
      catalog: catalogServiceMock.mock({ getEntities: jest.fn().mockRejectedValue(new Error('catalog down')) }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    await expect(index.refresh()).resolves.toBeUndefined();
    expect(index.lookup({ kind: 'Application', namespace: 'argocd', name: 'keycloak' })).toBeUndefined();
  });
});
