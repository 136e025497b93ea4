import { get } from '../__testUtils__/http';
import { startDevFleet, type DevFleet } from './startDevFleet';

jest.setTimeout(60_000);

describe('startDevFleet', () => {
  let fleet: DevFleet | undefined;
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });

  it('starts named clusters, each its own API server with its own tokens and scale seed', async () => {
    fleet = await startDevFleet({ clusters: 3, podsPerCluster: 100, monitoring: false, clock: { manual: true } });
    const [first, second, third] = fleet.clusters;
    expect(fleet.clusters.map(c => c.name)).toEqual(['fleet-01', 'fleet-02', 'fleet-03']);
    expect(new Set(fleet.clusters.map(c => c.port)).size).toBe(3);
    expect(first.tokens.backend).not.toEqual(second.tokens.backend);

    for (const cluster of fleet.clusters) {
      const pods = await get(cluster, '/api/v1/pods?labelSelector=gsv.io%2Fload%3Dtrue&limit=1');
      expect(pods.status).toBe(200);
    }
    const loadPods = third.store.list('pods').filter(p => p.metadata.namespace?.startsWith('load-'));
    expect(loadPods).toHaveLength(100);
    // a token of one cluster means nothing to another
    expect((await get(second, '/api/v1/namespaces', { token: first.tokens.admin })).status).toBe(401);
  });

  it('refuses a fleet of no clusters', async () => {
    await expect(startDevFleet({ clusters: 0 })).rejects.toThrow('A fleet has 1 to 200 clusters, not 0');
  });
});
