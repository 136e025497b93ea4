import { KubernetesApiError, KubernetesRequest } from '../../services/ClusterRegistry/types';
import { RecordingClient } from '../__testUtils__/engineHarness';
import { ClusterAccess, ClusterRequestError } from './ClusterAccess';
import { RESOURCES } from './resources';

function clusterWith(handler: (request: KubernetesRequest) => unknown) {
  const client = new RecordingClient(handler);
  return { client, access: new ClusterAccess({ name: 'gsv-dev', environment: 'dev', namespaces: [], requestTimeoutMs: 1000, client }) };
}

const conflict = () =>
  new KubernetesApiError({ cluster: 'gsv-dev', reason: 'Conflict', upstreamStatus: 409, message: 'Cluster gsv-dev answered 409: the object has been modified' });

describe('ClusterAccess', () => {
  it('retries an optimistic write on 409 with a body rebuilt from a fresh read (client-go RetryOnConflict)', async () => {
    let puts = 0;
    const { client, access } = clusterWith(request => {
      if (request.method === 'PUT') {
        puts++;
        if (puts < 3) throw conflict();
        return request.body;
      }
      return { metadata: { name: 'c', resourceVersion: `rv-${puts}` } };
    });
    const result = await access.send(
      {
        type: RESOURCES.certificate,
        namespace: 'cmp',
        name: 'c',
        verb: 'update',
        subresource: 'status',
        body: { metadata: { name: 'c', resourceVersion: 'stale' } },
        what: 'renew',
        rebuild: fresh => ({ metadata: { name: 'c', resourceVersion: fresh.metadata.resourceVersion } }),
      },
      false,
    );
    expect(result).toEqual({ metadata: { name: 'c', resourceVersion: 'rv-2' } });
    expect(client.requests.map(r => r.method)).toEqual(['PUT', 'GET', 'PUT', 'GET', 'PUT']);
    expect(client.requests[0].path).toBe('/apis/cert-manager.io/v1/namespaces/cmp/certificates/c/status');
  });

  it('gives up after client-go’s five attempts, and never retries without a way to rebuild', async () => {
    const { client, access } = clusterWith(request => {
      if (request.method === 'PUT') throw conflict();
      return { metadata: { name: 'c' } };
    });
    const change = { type: RESOURCES.certificate, namespace: 'cmp', name: 'c', verb: 'update' as const, body: {}, what: 'x' };
    await expect(access.send({ ...change, rebuild: () => ({}) }, false)).rejects.toThrow(
      'Cluster gsv-dev refused to update certificate cmp/c: the object has been modified',
    );
    expect(client.requests.filter(r => r.method === 'PUT')).toHaveLength(5);
    client.requests.length = 0;
    await expect(access.send(change, true)).rejects.toBeInstanceOf(ClusterRequestError);
    expect(client.requests).toEqual([expect.objectContaining({ method: 'PUT', query: { dryRun: 'All' } })]);
  });

  it('says what the service account may not do, and never passes a cluster error on raw', async () => {
    const { access } = clusterWith(() => {
      throw new KubernetesApiError({
        cluster: 'gsv-dev',
        reason: 'Forbidden',
        upstreamStatus: 403,
        message: 'Cluster gsv-dev answered 403: deployments.apps "x" is forbidden',
      });
    });
    const error = await access.get(RESOURCES.deployment, 'cmp', 'x').catch(e => e);
    expect(error).toBeInstanceOf(ClusterRequestError);
    expect(error.message).toBe(
      'The GSV Ops service account may not read deployment cmp/x in cluster gsv-dev (deployments.apps "x" is forbidden); grant it in deploy/base/rbac.yaml',
    );
    expect(error).not.toHaveProperty('statusCode');
  });

  it('finds the ExternalSecret version the cluster serves', async () => {
    const served = (versions: string[] | Error) =>
      clusterWith(request => {
        if (versions instanceof Error) throw versions;
        return request.path === '/apis/external-secrets.io' ? { versions: versions.map(version => ({ version })) } : {};
      }).access;
    expect((await served(['v1', 'v1beta1']).served(RESOURCES.externalSecret)).version).toBe('v1');
    expect((await served(['v1beta1']).served(RESOURCES.externalSecret)).version).toBe('v1beta1');
    expect((await served(new Error('down')).served(RESOURCES.externalSecret)).version).toBe('v1');
    expect(await served(['v1beta1']).served(RESOURCES.deployment)).toBe(RESOURCES.deployment);
  });
});
