import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { IN_CLUSTER_CA_FILE, IN_CLUSTER_TOKEN_FILE, readGsvOpsConfig } from './readGsvOpsConfig';

const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function config(data: object) {
  return new ConfigReader(data);
}

describe('readGsvOpsConfig', () => {
  it('reads the clusters the official plugin declares, with the gsvOps settings on top', () => {
    const result = readGsvOpsConfig(
      config({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'gke', projectId: 'p' },
            {
              type: 'config',
              clusters: [
                {
                  name: 'gsv-dev',
                  title: 'GSV dev',
                  url: 'https://127.0.0.1:6443',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'sa-token',
                  caData: Buffer.from(ca).toString('base64'),
                },
                { name: 'gsv-prod', url: 'https://prod.example:6443', authProvider: 'serviceAccount', serviceAccountToken: 't2', skipTLSVerify: true },
              ],
            },
          ],
        },
        gsvOps: {
          clusters: { 'gsv-dev': { environment: 'dev', namespaces: ['cmp', 'sso'], requestTimeoutSeconds: 3 } },
          policy: { platformTeams: ['group:default/platform-team'] },
        },
      }),
      { env: {} },
    );
    expect(result.clusters).toEqual([
      {
        name: 'gsv-dev',
        title: 'GSV dev',
        environment: 'dev',
        namespaces: ['cmp', 'sso'],
        requestTimeoutMs: 3000,
        probeIntervalMs: 30000,
        maxCachedObjects: 200000,
        connection: {
          url: 'https://127.0.0.1:6443',
          token: 'sa-token',
          tokenFile: undefined,
          caPem: ca,
          caFile: undefined,
          skipTLSVerify: false,
        },
      },
      expect.objectContaining({ name: 'gsv-prod', environment: 'prod', namespaces: [], requestTimeoutMs: 10000 }),
    ]);
    expect(result.clusters[1].connection.skipTLSVerify).toBe(true);
    expect(result.pvcUsage).toEqual({ source: 'kubelet', intervalSeconds: 60 });
    expect(result.thresholds.disk).toEqual({ healthyBelowPercent: 70, warningPercent: 80, criticalPercent: 90 });
  });

  it('defaults an undeclared environment to prod and warns', () => {
    const logger = mockServices.logger.mock();
    const result = readGsvOpsConfig(
      config({
        kubernetes: {
          clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'x', url: 'https://x', authProvider: 'serviceAccount', serviceAccountToken: 't' }] }],
        },
      }),
      { logger, env: {} },
    );
    expect(result.clusters[0].environment).toBe('prod');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('treating it as prod'), { cluster: 'x' });
  });

  it('uses the mounted service-account token and CA in-cluster', () => {
    const result = readGsvOpsConfig(
      config({
        kubernetes: {
          clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'local', url: 'https://kubernetes.default.svc', authProvider: 'serviceAccount' }] }],
        },
      }),
      { env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' } },
    );
    expect(result.clusters[0].connection).toMatchObject({ tokenFile: IN_CLUSTER_TOKEN_FILE, caFile: IN_CLUSTER_CA_FILE });
    expect(result.clusters[0].connection.token).toBeUndefined();
  });

  it("uses GSV Ops' own identity when it has one, and warns when it shares the official plugin's", () => {
    const cluster = { name: 'gsv-dev', url: 'https://x', authProvider: 'serviceAccount', serviceAccountToken: 'read-only' };
    const logger = mockServices.logger.mock();
    const own = readGsvOpsConfig(
      config({
        kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [cluster] }] },
        gsvOps: { clusters: { 'gsv-dev': { environment: 'dev', serviceAccountToken: 'gsv-ops-token' } } },
      }),
      { logger, env: {} },
    );
    expect(own.clusters[0].connection).toMatchObject({ token: 'gsv-ops-token', tokenFile: undefined });
    expect(logger.warn).not.toHaveBeenCalled();

    const fromFile = readGsvOpsConfig(
      config({
        kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [cluster] }] },
        gsvOps: { clusters: { 'gsv-dev': { environment: 'dev', serviceAccountTokenFile: IN_CLUSTER_TOKEN_FILE } } },
      }),
      { env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' } },
    );
    expect(fromFile.clusters[0].connection).toMatchObject({ token: undefined, tokenFile: IN_CLUSTER_TOKEN_FILE });

    const shared = readGsvOpsConfig(
      config({ kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [cluster] }] }, gsvOps: { clusters: { 'gsv-dev': { environment: 'dev' } } } }),
      { logger, env: {} },
    );
    expect(shared.clusters[0].connection.token).toBe('read-only');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('shares its Kubernetes identity'), { cluster: 'gsv-dev' });

    expect(() =>
      readGsvOpsConfig(
        config({
          kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [cluster] }] },
          gsvOps: { clusters: { 'gsv-dev': { serviceAccountToken: 'a', serviceAccountTokenFile: '/t' } } },
        }),
        { env: {} },
      ),
    ).toThrow('Invalid configuration at gsvOps.clusters.gsv-dev: give one of serviceAccountToken, serviceAccountTokenFile, not several');
  });

  it('leaves out disabled clusters and clusters with another auth provider', () => {
    const result = readGsvOpsConfig(
      config({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                { name: 'a', url: 'https://a', authProvider: 'serviceAccount', serviceAccountToken: 't' },
                { name: 'b', url: 'https://b', authProvider: 'google' },
              ],
            },
          ],
        },
        gsvOps: { clusters: { a: { disabled: true } } },
      }),
      { env: {} },
    );
    expect(result.clusters).toEqual([]);
  });

  it('merges thresholds over the defaults and rejects inconsistent ones', () => {
    const base = { kubernetes: { clusterLocatorMethods: [] } };
    const result = readGsvOpsConfig(
      config({ ...base, gsvOps: { thresholds: { certificates: { warningDays: 21 }, disk: { criticalPercent: 95 } } } }),
      { env: {} },
    );
    expect(result.thresholds.certificates).toEqual({ warningDays: 21, criticalDays: 7, renewalGraceMinutes: 60 });
    expect(result.thresholds.disk.criticalPercent).toBe(95);

    expect(() =>
      readGsvOpsConfig(config({ ...base, gsvOps: { thresholds: { disk: { warningPercent: 95 } } } }), { env: {} }),
    ).toThrow(/healthyBelowPercent <= warningPercent <= criticalPercent/);
    expect(() =>
      readGsvOpsConfig(config({ ...base, gsvOps: { thresholds: { disk: { warningPercnt: 95 } } } }), { env: {} }),
    ).toThrow(/gsvOps\.thresholds\.disk/);
    expect(() =>
      readGsvOpsConfig(config({ ...base, gsvOps: { clusters: { a: { environment: 'staging' } } } }), { env: {} }),
    ).not.toThrow(); // a is not declared: only warned about
  });

  it('rejects invalid per-cluster settings with the path', () => {
    expect(() =>
      readGsvOpsConfig(
        config({
          kubernetes: {
            clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'a', url: 'https://a', authProvider: 'serviceAccount', serviceAccountToken: 't' }] }],
          },
          gsvOps: { clusters: { a: { environment: 'staging' } } },
        }),
        { env: {} },
      ),
    ).toThrow(/gsvOps\.clusters\.a\.environment/);
  });

  it('rejects duplicate cluster names', () => {
    const c = { name: 'a', url: 'https://a', authProvider: 'serviceAccount', serviceAccountToken: 't' };
    expect(() =>
      readGsvOpsConfig(config({ kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [c, c] }] } }), { env: {} }),
    ).toThrow(/Duplicate cluster name 'a'/);
  });
});
