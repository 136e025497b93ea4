import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { agentRegistryEntity, keycloakEntity } from '../../__fixtures__/platform';
import { EntityIndex } from './EntityIndex';

describe('EntityIndex', () => {
  it('maps kubernetes ids to entity refs, components first, and keeps the last index on failure', async () => {
    const api = { ...agentRegistryEntity, kind: 'API', metadata: { ...agentRegistryEntity.metadata, name: 'agent-registry-api' } };
    const index = new EntityIndex({
      catalog: catalogServiceMock({ entities: [api, agentRegistryEntity, keycloakEntity] }),
      auth: mockServices.auth(),
    });
    await index.refresh();
    expect(index.lookup('agent-registry')).toBe('component:default/agent-registry');
    expect(index.lookup('keycloak')).toBe('component:default/keycloak');
    expect(index.lookup('nope')).toBeUndefined();

    const failing = new EntityIndex({
      catalog: catalogServiceMock.mock({ getEntities: jest.fn().mockRejectedValue(new Error('catalog down')) }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    await expect(failing.refresh()).resolves.toBeUndefined();
    expect(failing.lookup('agent-registry')).toBeUndefined();
  });
});
