import { useClusters } from '../__testUtils__/cluster';
import type { SchemaViolation } from '../api/schemaEnforcement';
import type { DevCluster } from '../cluster/startDevCluster';

/** Takes the recorded violations out of the cluster, so the shared after-each check does not fail on purpose. */
function takeViolations(cluster: DevCluster): SchemaViolation[] {
  return (cluster.schemaViolations as SchemaViolation[]).splice(0);
}

describe('what the seed and the controllers write, against the real schemas', () => {
  const start = useClusters();

  it('seeds the dev and prod platforms with nothing the schemas refuse or prune', async () => {
    for (const name of ['dev', 'prod']) {
      const cluster = await start({ name });
      expect(cluster.store.list('clusters.postgresql.cnpg.io').length).toBeGreaterThan(0);
      expect(cluster.schemaViolations).toEqual([]);
    }
  });

  it('records an invented field, a wrongly typed value and an invented CNPG phase written from inside', async () => {
    const cluster = await start();
    cluster.store.patch('certificates.cert-manager.io', 'cmp', 'agent-registry-tls', { status: { renewalWindow: '1h' } }, { subresource: 'status' });
    cluster.store.patch('deployments.apps', 'cmp', 'agent-registry', { spec: { paused: 'yes' } });
    cluster.store.patch('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres', { status: { phase: 'Cluster cannot be created' } }, { subresource: 'status' });
    const problems = takeViolations(cluster).map(violation => `${violation.kind} ${violation.name}: ${violation.problems.join('; ')}`);
    expect(problems).toEqual([
      'Certificate.cert-manager.io agent-registry-tls: unknown field "status.renewalWindow"',
      'Deployment.apps agent-registry: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
      'Cluster.postgresql.cnpg.io cmp-postgres: status.phase: "Cluster cannot be created" is not a value the real operator writes',
    ]);
    expect(cluster.store.get('certificates.cert-manager.io', 'cmp', 'agent-registry-tls')!.status.renewalWindow).toBeUndefined();
  });
});
