import { canonicalJson } from '../../api/names';
import type { StoredObject } from '../../api/types';
import type { ResourceDefinition } from '../../resources/types';
import type { StoreEvent } from '../../store/ObjectStore';
import { objectKey, splitKey, type Controller, type ControllerContext } from '../ControllerManager';
import { writeObject, writeStatus } from '../helpers';
import { ownerKeys } from '../ReplicaSetController';
import { POOLER_SPEC_HASH, poolerDeployment, poolerService, poolerSpecHash } from './poolerObjects';

const COMPONENT = { component: 'cloudnative-pg' };

/**
 * The CloudNativePG operator for `Pooler` (internal/controller/pooler_*.go): a ServiceAccount, a Deployment and a
 * Service named like the Pooler. When the spec's hash changes the Deployment is regenerated (replicas = instances);
 * PgBouncer parameters and the pool mode are not part of the pod template, so they reach the running pods by a
 * reload, not a rollout. Status: `instances` (the Deployment's replicas) and the secrets PgBouncer uses.
 */
export class PoolerController implements Controller {
  readonly name = 'cnpg-pooler';
  private readonly poolers: ResourceDefinition;
  private readonly deployments: ResourceDefinition;
  private readonly services: ResourceDefinition;
  private readonly serviceAccounts: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.poolers = context.registry.get('postgresql.cnpg.io/poolers');
    this.deployments = context.registry.get('apps/deployments');
    this.services = context.registry.get('/services');
    this.serviceAccounts = context.registry.get('/serviceaccounts');
  }

  watches() {
    return [
      { collection: 'postgresql.cnpg.io/poolers' },
      { collection: 'apps/deployments', keys: (event: StoreEvent) => ownerKeys(event, 'Pooler') },
      {
        // A pooler whose cluster did not exist yet is reconciled when the cluster appears.
        collection: 'postgresql.cnpg.io/clusters',
        keys: (event: StoreEvent) =>
          this.context.store
            .list('postgresql.cnpg.io/poolers', event.object.metadata.namespace)
            .filter(pooler => pooler.spec?.cluster?.name === event.object.metadata.name)
            .map(pooler => objectKey(pooler.metadata.namespace, pooler.metadata.name)),
      },
    ];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const pooler = this.context.store.get('postgresql.cnpg.io/poolers', namespace, name);
    if (!pooler || pooler.metadata.deletionTimestamp) return;
    const clusterName: string = pooler.spec?.cluster?.name;
    if (!this.context.store.get('postgresql.cnpg.io/clusters', namespace, clusterName)) {
      this.context.events.record(pooler, 'Warning', 'ClusterNotFound', `Cluster ${clusterName} not found`, COMPONENT);
      return;
    }
    if (!this.context.store.get('/serviceaccounts', namespace, name)) {
      this.context.api.create(this.serviceAccounts, namespace, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace, ownerReferences: poolerDeployment(pooler).metadata.ownerReferences },
      });
    }
    const deployment = this.reconcileDeployment(pooler);
    this.reconcileService(pooler);
    this.writeStatus(pooler, deployment);
  }

  private reconcileDeployment(pooler: StoredObject): StoredObject {
    const namespace = pooler.metadata.namespace ?? '';
    const generated = poolerDeployment(pooler);
    const current = this.context.store.get('apps/deployments', namespace, pooler.metadata.name);
    if (!current) {
      this.context.events.record(pooler, 'Normal', 'Create', `Creating deployment ${pooler.metadata.name}`, COMPONENT);
      return this.context.api.create(this.deployments, namespace, generated);
    }
    if (current.metadata.annotations?.[POOLER_SPEC_HASH] === poolerSpecHash(pooler)) return current;
    return writeObject(this.context, this.deployments, current, copy => {
      copy.spec = { ...copy.spec, ...generated.spec };
      copy.metadata.labels = { ...copy.metadata.labels, ...generated.metadata.labels };
      copy.metadata.annotations = { ...copy.metadata.annotations, ...generated.metadata.annotations };
    });
  }

  private reconcileService(pooler: StoredObject): void {
    const namespace = pooler.metadata.namespace ?? '';
    const generated = poolerService(pooler);
    const current = this.context.store.get('/services', namespace, pooler.metadata.name);
    if (!current) {
      this.context.api.create(this.services, namespace, generated);
      return;
    }
    if (current.metadata.annotations?.[POOLER_SPEC_HASH] === poolerSpecHash(pooler)) return;
    writeObject(this.context, this.services, current, copy => {
      copy.spec = { ...copy.spec, selector: generated.spec.selector, ports: generated.spec.ports };
      copy.metadata.annotations = { ...copy.metadata.annotations, ...generated.metadata.annotations };
    });
  }

  private writeStatus(pooler: StoredObject, deployment: StoredObject): void {
    const namespace = pooler.metadata.namespace ?? '';
    const cluster: string = pooler.spec?.cluster?.name;
    const version = (secret: string) => {
      const found = this.context.store.get('/secrets', namespace, secret);
      return found ? { name: secret, version: found.metadata.resourceVersion } : undefined;
    };
    const secrets = {
      serverTLS: version(`${cluster}-server`),
      serverCA: version(`${cluster}-ca`),
      clientCA: version(`${cluster}-ca`),
      pgBouncerSecrets: { authQuery: version(`${cluster}-pooler`) },
    };
    const instances = deployment.status?.replicas ?? 0;
    const wanted = JSON.parse(JSON.stringify({ instances, secrets }));
    if (canonicalJson({ instances: pooler.status?.instances, secrets: pooler.status?.secrets }) === canonicalJson(wanted)) return;
    writeStatus(this.context, this.poolers, pooler, status => {
      status.instances = wanted.instances;
      status.secrets = wanted.secrets;
    });
  }
}
