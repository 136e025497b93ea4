import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { DefaultClusterRegistry } from './DefaultClusterRegistry';
import { HttpKubernetesClient } from './HttpKubernetesClient';

describe('DefaultClusterRegistry', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('builds one client per configured cluster, reads a CA file, and answers NotFound for unknown clusters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gsv-ops-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const registry = DefaultClusterRegistry.fromConfig([
      {
        name: 'gsv-qa',
        environment: 'qa',
        namespaces: ['cmp'],
        requestTimeoutMs: 1000,
        probeIntervalMs: 30000,
        connection: { url: 'https://qa.example:6443', token: 't', caFile },
      },
    ]);
    expect(registry.listClusters().map(c => [c.name, c.environment, c.namespaces])).toEqual([['gsv-qa', 'qa', ['cmp']]]);
    expect(registry.getCluster('gsv-qa').client).toBeInstanceOf(HttpKubernetesClient);
    expect(() => registry.getCluster('nope')).toThrow(expect.objectContaining({ name: 'NotFoundError' }));
    registry.close();

    expect(() =>
      DefaultClusterRegistry.fromConfig([
        { name: 'x', environment: 'dev', namespaces: [], requestTimeoutMs: 1, probeIntervalMs: 1, connection: { url: 'https://x', caFile: join(dir, 'missing.pem') } },
      ]),
    ).toThrow(/Cannot read caFile of cluster 'x'/);
  });

  it('re-reads a mounted service-account token (in-cluster, rotated tokens)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gsv-ops-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'first\n');
    let now = 0;
    const client = new HttpKubernetesClient({
      cluster: 'local',
      connection: { url: 'https://kubernetes.test', tokenFile },
      requestTimeoutMs: 1000,
      now: () => now,
    });
    const seen: string[] = [];
    server.use(
      http.get('https://kubernetes.test/version', ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json({ gitVersion: 'v1.30.0' });
      }),
    );
    await client.requestJson({ path: '/version' });
    writeFileSync(tokenFile, 'second\n');
    now = 30_000;
    await client.requestJson({ path: '/version' });
    now = 61_000;
    await client.requestJson({ path: '/version' });
    client.destroy();
    expect(seen).toEqual(['Bearer first', 'Bearer first', 'Bearer second']);
  });
});
