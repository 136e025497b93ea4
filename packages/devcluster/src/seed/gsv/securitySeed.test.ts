import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useClusters } from '../../__testUtils__/cluster';
import { call } from '../../__testUtils__/http';
import { kubectlFor } from '../../__testUtils__/kubectl';

jest.setTimeout(90_000);

const REPORTS = '/apis/aquasecurity.github.io/v1alpha1';

describe('the security seed: trivy-operator reports, service-account RBAC, Keycloak failed logins', () => {
  const start = useClusters();
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'devcluster-security-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('serves VulnerabilityReports through a real CRD, to kubectl and to API clients (schema enforced)', async () => {
    const cluster = await start();
    const crd = await call(cluster, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/vulnerabilityreports.aquasecurity.github.io');
    expect(crd.status).toBe(200);
    expect(crd.body.spec.versions[0].schema.openAPIV3Schema.required).toEqual(['report']);

    const list = await call(cluster, 'GET', `${REPORTS}/namespaces/cmp/vulnerabilityreports?labelSelector=trivy-operator.resource.kind%3DReplicaSet`);
    expect(list.status).toBe(200);
    const registry = list.body.items.find((r: any) => r.metadata.labels['trivy-operator.container.name'] === 'agent-registry');
    expect(registry.report.summary).toMatchObject({ criticalCount: 2, highCount: 3 });
    expect(registry.report.artifact).toMatchObject({ repository: 'digitlify-inc/agent-registry', tag: 'v1.2.3' });
    // No CloudNativePG instance is scanned: the card says "no scan yet" for its image.
    const all = await call(cluster, 'GET', `${REPORTS}/vulnerabilityreports`);
    expect(all.body.items.map((r: any) => r.report.artifact.repository)).not.toContain('cloudnative-pg/postgresql');

    const kubectl = kubectlFor(cluster, directory);
    const table = await kubectl(['get', 'vulns', '-n', 'sso', '-o', 'wide']);
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(/REPOSITORY\s+TAG\s+SCANNER\s+AGE\s+CRITICAL\s+HIGH\s+MEDIUM\s+LOW\s+UNKNOWN/);
    expect(table.stdout).toMatch(/keycloak\/keycloak\s+26\.0\.5\s+Trivy\s+\S+\s+0\s+1\s+3\s+1\s+0/);

    const rejected = await call(cluster, 'POST', `${REPORTS}/namespaces/cmp/vulnerabilityreports`, {
      body: { apiVersion: 'aquasecurity.github.io/v1alpha1', kind: 'VulnerabilityReport', metadata: { name: 'bad' }, report: { summary: { criticalCount: 'many' } } },
    });
    expect(rejected.status).toBe(422);
  });

  it('binds the agent registry a Role that reads Secrets and execs into pods', async () => {
    const cluster = await start();
    const binding = cluster.store.get('rolebindings.rbac.authorization.k8s.io', 'cmp', 'agent-registry')!;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'agent-registry', namespace: 'cmp' }]);
    const role = cluster.store.get('roles.rbac.authorization.k8s.io', 'cmp', 'agent-registry')!;
    expect(role.rules).toEqual(expect.arrayContaining([expect.objectContaining({ resources: ['secrets'] }), expect.objectContaining({ resources: ['pods/exec'] })]));
  });

  it('exports Keycloak failed logins with a burst 30 minutes into the history', async () => {
    const cluster = await start({ monitoring: {} });
    const now = cluster.clock.now() / 1000;
    const params = new URLSearchParams({
      query: 'sum(increase(keycloak_failed_login_attempts{namespace="sso"}[10m]))',
      start: String(now - 3600),
      end: String(now),
      step: '600',
    });
    const response = await fetch(`${cluster.monitoring!.prometheusUrl}/api/v1/query_range?${params}`);
    const values = ((await response.json()).data.result[0].values as [number, string][]).map(([, v]) => Number(v));
    const quiet = Math.min(...values);
    const peak = Math.max(...values);
    expect(quiet).toBeGreaterThan(0);
    expect(quiet).toBeLessThan(40); // about 12 in ten minutes from two pods
    expect(peak).toBeGreaterThan(1000); // 1.5/s per pod for ten minutes
  });
});
