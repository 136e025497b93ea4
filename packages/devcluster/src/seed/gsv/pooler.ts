import type { StoredObject } from '../../api/types';
import { poolerDeployment, poolerLabels, poolerPodTemplate, poolerService } from '../../controllers/cnpg/poolerObjects';
import type { ContainerInput } from '../Seeder';
import { DAY, Seeder } from '../Seeder';

/**
 * PgBouncer in front of cmp-postgres's primary (ops guide 3.3, "Connection Pool Tuning"): the Pooler
 * `cmp-postgres-pooler-rw` with two instances in transaction mode, and what the operator made of it — its Deployment
 * (carrying the spec hash, so the operator leaves it alone at start), pods, Service and ServiceAccount.
 */
export function seedPooler(seeder: Seeder, cluster: StoredObject): StoredObject {
  const age = 45 * DAY;
  const pooler = seeder.create(
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Pooler',
      metadata: {
        name: 'cmp-postgres-pooler-rw',
        namespace: cluster.metadata.namespace,
        labels: { 'app.kubernetes.io/part-of': 'gsv-platform', 'app.kubernetes.io/name': 'cmp-postgres-pooler-rw' },
      },
      spec: {
        cluster: { name: cluster.metadata.name },
        instances: 2,
        type: 'rw',
        pgbouncer: { poolMode: 'transaction', parameters: { default_pool_size: '20', max_client_conn: '200' } },
      },
    },
    age,
  );
  const generated = poolerDeployment(pooler);
  const template = poolerPodTemplate(pooler);
  seeder.create(
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: pooler.metadata.name, namespace: pooler.metadata.namespace, ownerReferences: generated.metadata.ownerReferences } },
    age,
  );
  seeder.deployment({
    namespace: pooler.metadata.namespace ?? '',
    name: pooler.metadata.name,
    labels: poolerLabels(pooler),
    selector: generated.spec.selector.matchLabels,
    replicas: pooler.spec.instances,
    containers: template.spec.containers as ContainerInput[],
    serviceAccountName: template.spec.serviceAccountName,
    annotations: generated.metadata.annotations,
    ownerReferences: generated.metadata.ownerReferences,
    createdAgo: age,
  });
  const service = poolerService(pooler);
  seeder.create(service, age);
  return seeder.setStatus(pooler, { instances: pooler.spec.instances });
}
