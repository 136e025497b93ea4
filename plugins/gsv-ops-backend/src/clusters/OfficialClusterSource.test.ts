import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { AuthenticationStrategy, ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { OfficialClusterSource } from './OfficialClusterSource';

const ca = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

function source(options: {
  clusters: ClusterDetails[];
  credential: AuthenticationStrategy['getCredential'];
  gsvOps?: object;
  now?: () => number;
}) {
  const logger = mockServices.logger.mock();
  const strategy: AuthenticationStrategy = {
    getCredential: jest.fn(options.credential),
    validateCluster: () => [],
    presentAuthMetadata: () => ({}),
  };
  const s = new OfficialClusterSource({
    access: { clusterSupplier: { getClusters: async () => options.clusters }, authStrategy: strategy },
    config: new ConfigReader({ gsvOps: options.gsvOps ?? {} }),
    credentials: async () => ({ $$type: '@backstage/BackstageCredentials', principal: { type: 'service', subject: 'plugin:gsv-ops' } }) as any,
    logger,
    now: options.now,
  });
  return { source: s, strategy, logger };
}

const eks: ClusterDetails = {
  name: 'eks',
  title: 'EKS',
  url: 'https://eks.example:443',
  caData: ca,
  authMetadata: { 'kubernetes.io/auth-provider': 'aws', 'kubernetes.io/x-k8s-aws-id': 'eks' },
};

describe('OfficialClusterSource', () => {
  it('reaches each cluster of the supplier with the token its strategy gives, asking again after a minute', async () => {
    let now = 0;
    let issued = 0;
    const { source: s, strategy } = source({
      clusters: [eks],
      credential: async () => ({ type: 'bearer token', token: `token-${++issued}` }),
      gsvOps: { clusters: { eks: { environment: 'qa', namespaces: ['cmp'] } } },
      now: () => now,
    });
    const [cluster] = await s.clusters();
    expect(cluster).toMatchObject({ name: 'eks', title: 'EKS', environment: 'qa', namespaces: ['cmp'] });
    expect(cluster.connection).toMatchObject({ url: 'https://eks.example:443', caPem: expect.stringContaining('BEGIN CERTIFICATE') });
    await expect(cluster.connection.bearerToken!()).resolves.toBe('token-1');
    now = 59_000;
    await expect(cluster.connection.bearerToken!()).resolves.toBe('token-1');
    now = 61_000;
    await expect(cluster.connection.bearerToken!()).resolves.toBe('token-2');
    expect(strategy.getCredential).toHaveBeenCalledWith(eks, {});
  });

  it('merges GSV Ops’ own auth metadata over the cluster’s (another role to assume)', async () => {
    const { source: s, strategy } = source({
      clusters: [eks],
      credential: async () => ({ type: 'bearer token', token: 't' }),
      gsvOps: { clusters: { eks: { authMetadata: { 'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/gsv-ops' } } } },
    });
    const [cluster] = await s.clusters();
    expect(strategy.getCredential).toHaveBeenCalledWith(
      { ...eks, authMetadata: { ...eks.authMetadata, 'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/gsv-ops' } },
      {},
    );
    const plain = await source({ clusters: [eks], credential: async () => ({ type: 'bearer token', token: 't' }) }).source.clusters();
    expect(cluster.identity).not.toBe(plain[0].identity);
  });

  it('uses GSV Ops’ own token without asking the strategy, and leaves disabled clusters out', async () => {
    const { source: s, strategy } = source({
      clusters: [eks, { ...eks, name: 'off' }],
      credential: async () => ({ type: 'bearer token', token: 'shared' }),
      gsvOps: { clusters: { eks: { serviceAccountToken: 'gsv-ops-own' }, off: { disabled: true } } },
    });
    const clusters = await s.clusters();
    expect(clusters.map(c => c.name)).toEqual(['eks']);
    expect(clusters[0].connection.token).toBe('gsv-ops-own');
    expect(strategy.getCredential).not.toHaveBeenCalled();
  });

  it('takes client certificates, and says why a strategy that needs the viewer cannot serve it', async () => {
    const x509 = await source({ clusters: [eks], credential: async () => ({ type: 'x509 client certificate', cert: 'C', key: 'K' }) }).source.clusters();
    expect(x509[0].connection.clientCertificate).toEqual({ cert: 'C', key: 'K' });

    const { source: s, logger } = source({
      clusters: [{ ...eks, authMetadata: { 'kubernetes.io/auth-provider': 'google' } }],
      credential: async () => {
        throw new Error('Google token not found in request auth');
      },
    });
    const [cluster] = await s.clusters();
    await expect(cluster.connection.bearerToken!()).rejects.toThrow(
      /^Google token not found in request auth \(GSV Ops watches with a server-side identity: .*gsvOps\.clusters\.eks\.serviceAccountToken or authMetadata\)$/,
    );
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('GSV Ops cannot authenticate to cluster eks'));
  });
});
