import { rfc3339Micro } from '../../api/format';
import type { KubeObject, StoredObject } from '../../api/types';
import type { ResourceDefinition } from '../../resources/types';
import type { SimulationChange } from '../../simulation/SimulationState';
import type { StoreEvent } from '../../store/ObjectStore';
import { objectKey, splitKey, type Controller, type ControllerContext } from '../ControllerManager';
import { ownedObjects, podIsReady, setCondition, writeObject, writeStatus } from '../helpers';
import { isFinished, jobSucceeded } from '../JobController';
import { ownerKeys } from '../ReplicaSetController';
import { ensureClaim } from '../volumes';
import {
  bootstrapJob,
  clusterServices,
  HEALTHY_PHASE,
  instanceName,
  instancePod,
  objectStoreOf,
  serialOf,
} from './cnpgObjects';

/**
 * The CloudNativePG operator for `Cluster`: bootstrap (initdb, or recovery from a Backup / object store) through a
 * Job, then the primary and one replica at a time, PVCs and the -rw/-ro/-r services; scaling; switchover when
 * `status.targetPrimary` is patched (what `kubectl cnpg promote` does) — phase "Switchover in progress", then the
 * instanceRole labels flip, currentPrimary and the timeline change and the phase returns to healthy; failover when
 * the primary pod disappears; status, conditions (Ready, ContinuousArchiving) and events.
 */

const COMPONENT = { component: 'cloudnative-pg' };

export class ClusterController implements Controller {
  readonly name = 'cnpg-cluster';
  private readonly clusters: ResourceDefinition;
  private readonly pods: ResourceDefinition;
  private readonly services: ResourceDefinition;
  private readonly jobs: ResourceDefinition;
  private readonly claims: ResourceDefinition;
  /** Switchovers already announced (cluster key → target), so the event is recorded once. */
  private readonly announced = new Map<string, string>();

  constructor(private readonly context: ControllerContext) {
    this.clusters = context.registry.get('postgresql.cnpg.io/clusters');
    this.pods = context.registry.get('/pods');
    this.services = context.registry.get('/services');
    this.jobs = context.registry.get('batch/jobs');
    this.claims = context.registry.get('/persistentvolumeclaims');
  }

  watches() {
    return [
      { collection: 'postgresql.cnpg.io/clusters' },
      { collection: '/pods', keys: (event: StoreEvent) => ownerKeys(event, 'Cluster') },
      { collection: 'batch/jobs', keys: (event: StoreEvent) => ownerKeys(event, 'Cluster') },
      {
        collection: 'postgresql.cnpg.io/backups',
        keys: (event: StoreEvent) =>
          this.context.store
            .list('postgresql.cnpg.io/clusters', event.object.metadata.namespace)
            .filter(cluster => cluster.spec?.bootstrap?.recovery?.backup?.name === event.object.metadata.name)
            .map(cluster => objectKey(cluster.metadata.namespace, cluster.metadata.name)),
      },
    ];
  }

  onSimulationChange(change: SimulationChange): string[] {
    if (change.kind !== 'objectStore' && change.kind !== 'crashLoop') return [];
    return this.context.store.list('postgresql.cnpg.io/clusters').map(cluster => objectKey(cluster.metadata.namespace, cluster.metadata.name));
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const cluster = this.context.store.get('postgresql.cnpg.io/clusters', namespace, name);
    if (!cluster || cluster.metadata.deletionTimestamp) return;
    this.ensureServices(cluster);
    const instances = ownedObjects(this.context, cluster, '/pods').filter(pod => pod.metadata.labels?.['cnpg.io/podRole'] === 'instance');
    if (!cluster.status?.currentPrimary && instances.length === 0) {
      this.bootstrap(key, cluster);
      return;
    }
    this.ensureInstances(cluster);
    this.handlePrimaryChange(key, this.current(cluster));
    this.syncStatus(this.current(cluster));
  }

  private current(cluster: StoredObject): StoredObject {
    return this.context.store.get('postgresql.cnpg.io/clusters', cluster.metadata.namespace ?? '', cluster.metadata.name) ?? cluster;
  }

  private bootstrap(key: string, cluster: StoredObject): void {
    const namespace = cluster.metadata.namespace ?? '';
    const name = cluster.metadata.name;
    const now = this.context.clock.now();
    const recovery = cluster.spec?.bootstrap?.recovery;
    const role = recovery ? 'full-recovery' : 'initdb';
    const primary = instanceName(name, 1);
    const blocked = recovery ? this.recoveryBlocker(cluster) : undefined;
    writeStatus(this.context, this.clusters, cluster, status => {
      status.phase = 'Setting up primary';
      status.phaseReason = blocked ?? `Creating primary instance ${primary}`;
      status.instances = 0;
      status.readyInstances = 0;
      status.latestGeneratedNode = 1;
      status.writeService = `${name}-rw`;
      status.readService = `${name}-r`;
      status.image = cluster.spec?.imageName;
      status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready' }, now);
    });
    if (blocked) {
      this.context.events.record(cluster, 'Warning', 'RecoveryPending', blocked, COMPONENT);
      this.context.requeueAfter(this, key, 30_000);
      return;
    }
    ensureClaim(this.context, namespace, primary, pvcTemplate(cluster), { 'cnpg.io/cluster': name, 'cnpg.io/instanceName': primary, 'cnpg.io/pvcRole': 'PG_DATA' });
    const job = this.context.store.get('batch/jobs', namespace, `${primary}-${role}`);
    if (!job) {
      this.context.api.create(this.jobs, namespace, bootstrapJob(cluster, role, this.context.timing.instanceStartMs / 1000));
      this.context.events.record(cluster, 'Normal', 'CreatingInstance', `Primary instance (${recovery ? 'from backup' : 'initdb'})`, COMPONENT);
      return;
    }
    if (!isFinished(job)) return;
    if (!jobSucceeded(job)) {
      writeStatus(this.context, this.clusters, this.current(cluster), status => {
        status.phase = 'Cluster is unrecoverable and needs manual intervention';
        status.phaseReason = `bootstrap job ${job.metadata.name} failed`;
      });
      return;
    }
    this.context.api.create(this.pods, namespace, instancePod(cluster, 1, 'primary'));
    writeStatus(this.context, this.clusters, this.current(cluster), status => {
      status.currentPrimary = primary;
      status.targetPrimary = primary;
      status.currentPrimaryTimestamp = rfc3339Micro(now);
      status.targetPrimaryTimestamp = rfc3339Micro(now);
      status.timelineID = recovery ? 2 : 1;
      status.instanceNames = [primary];
    });
  }

  /** Why a recovery cannot start yet: the backup is missing or unfinished, or its object store is broken. */
  private recoveryBlocker(cluster: StoredObject): string | undefined {
    const recovery = cluster.spec.bootstrap.recovery;
    const namespace = cluster.metadata.namespace ?? '';
    if (recovery.backup?.name) {
      const backup = this.context.store.get('postgresql.cnpg.io/backups', namespace, recovery.backup.name);
      if (!backup) return `Backup ${recovery.backup.name} not found`;
      if (backup.status?.phase !== 'completed') return `Backup ${recovery.backup.name} is not completed (phase: ${backup.status?.phase ?? 'pending'})`;
      const source = this.context.store.get('postgresql.cnpg.io/clusters', namespace, backup.spec?.cluster?.name ?? '');
      const store = source ? objectStoreOf(source) : undefined;
      const broken = store && this.context.simulation.brokenObjectStores.get(`${namespace}/${store.name}`);
      return broken ? `cannot read backup from object store ${store!.name}: ${broken}` : undefined;
    }
    const external = ((cluster.spec?.externalClusters ?? []) as KubeObject[]).find(candidate => candidate.name === recovery.source) as
      | { plugin?: { parameters?: { barmanObjectName?: string } }; barmanObjectStore?: unknown; name?: string }
      | undefined;
    const storeName = external?.plugin?.parameters?.barmanObjectName ?? (external?.barmanObjectStore ? external.name : undefined);
    const broken = storeName && this.context.simulation.brokenObjectStores.get(`${namespace}/${storeName}`);
    return broken ? `cannot read backups from object store ${storeName}: ${broken}` : undefined;
  }

  private ensureInstances(cluster: StoredObject): void {
    const namespace = cluster.metadata.namespace ?? '';
    const name = cluster.metadata.name;
    const desired: number = cluster.spec?.instances ?? 1;
    const pods = ownedObjects(this.context, cluster, '/pods').filter(pod => pod.metadata.labels?.['cnpg.io/podRole'] === 'instance');
    const names: string[] = [...(cluster.status?.instanceNames ?? pods.map(pod => pod.metadata.name))].sort((a, b) => serialOf(a) - serialOf(b));
    const primary: string | undefined = cluster.status?.currentPrimary;
    // Recreate lost instance pods (their PVC, hence their data, survives).
    for (const instance of names) {
      if (pods.some(pod => pod.metadata.name === instance)) continue;
      if (instance === primary && names.length > 1) continue; // failover handles a lost primary
      this.context.api.create(this.pods, namespace, instancePod(cluster, serialOf(instance), instance === primary ? 'primary' : 'replica'));
    }
    let updatedNames = [...names];
    if (names.length < desired) {
      const allReady = pods.length === names.length && pods.every(pod => podIsReady(pod) && !pod.metadata.deletionTimestamp);
      if (allReady) {
        const serial = Math.max(cluster.status?.latestGeneratedNode ?? 0, ...names.map(serialOf)) + 1;
        const instance = instanceName(name, serial);
        ensureClaim(this.context, namespace, instance, pvcTemplate(cluster), { 'cnpg.io/cluster': name, 'cnpg.io/instanceName': instance, 'cnpg.io/pvcRole': 'PG_DATA' });
        this.context.api.create(this.pods, namespace, instancePod(cluster, serial, 'replica'));
        this.context.events.record(cluster, 'Normal', 'CreatingInstance', `Creating instance ${instance}`, COMPONENT);
        updatedNames = [...names, instance];
        writeStatus(this.context, this.clusters, this.current(cluster), status => {
          status.latestGeneratedNode = serial;
          status.instanceNames = updatedNames;
        });
      }
    } else if (names.length > desired) {
      const victim = [...names].reverse().find(instance => instance !== primary);
      if (victim) {
        const pod = pods.find(candidate => candidate.metadata.name === victim);
        if (pod && !pod.metadata.deletionTimestamp) this.context.api.delete(this.pods, namespace, victim, { gracePeriodSeconds: 0 });
        if (this.context.store.get('/persistentvolumeclaims', namespace, victim)) this.context.api.delete(this.claims, namespace, victim);
        this.context.events.record(cluster, 'Normal', 'ScaleDown', `Scaling down: removing instance ${victim}`, COMPONENT);
        updatedNames = names.filter(instance => instance !== victim);
        writeStatus(this.context, this.clusters, this.current(cluster), status => {
          status.instanceNames = updatedNames;
        });
      }
    }
  }

  private handlePrimaryChange(key: string, initial: StoredObject): void {
    let cluster = initial;
    const now = this.context.clock.now();
    const names: string[] = cluster.status?.instanceNames ?? [];
    const current: string | undefined = cluster.status?.currentPrimary;
    let target: string | undefined = cluster.status?.targetPrimary;
    const pods = ownedObjects(this.context, cluster, '/pods');
    const primaryPod = pods.find(pod => pod.metadata.name === current);
    // Failover: the primary pod is gone while replicas are ready.
    if (current && !primaryPod && target === current) {
      const candidate = pods.find(pod => pod.metadata.name !== current && podIsReady(pod) && names.includes(pod.metadata.name));
      if (candidate) {
        target = candidate.metadata.name;
        writeStatus(this.context, this.clusters, cluster, status => {
          status.targetPrimary = target;
          status.targetPrimaryTimestamp = rfc3339Micro(now);
          status.currentPrimaryFailingSinceTimestamp = rfc3339Micro(now);
          status.phase = 'Failing over';
          status.phaseReason = `Failing over from ${current} to ${target}`;
        });
        this.context.events.record(cluster, 'Warning', 'FailingOver', `Primary instance ${current} is not available, failing over to ${target}`, COMPONENT);
        cluster = this.current(cluster);
      }
    }
    if (!target || target === current) return;
    if (!names.includes(target) || !pods.some(pod => pod.metadata.name === target)) {
      writeStatus(this.context, this.clusters, cluster, status => {
        status.targetPrimary = current;
        status.phase = HEALTHY_PHASE;
        delete status.phaseReason;
      });
      this.context.events.record(cluster, 'Warning', 'InvalidTargetPrimary', `Cannot promote ${target}: not an instance of the cluster`, COMPONENT);
      return;
    }
    const failing = cluster.status?.phase === 'Failing over';
    if (!failing && cluster.status?.phase !== 'Switchover in progress') {
      writeStatus(this.context, this.clusters, cluster, status => {
        status.phase = 'Switchover in progress';
        status.phaseReason = `Switching over to ${target}`;
        status.targetPrimaryTimestamp ??= rfc3339Micro(now);
        status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready' }, now);
      });
      cluster = this.current(cluster);
    }
    if (!failing && this.announced.get(key) !== target) {
      this.announced.set(key, target);
      this.context.events.record(cluster, 'Normal', 'SwitchoverInitiated', `Initiating switchover to ${target}`, COMPONENT);
    }
    const started = Date.parse(cluster.status?.targetPrimaryTimestamp ?? '') || now;
    const doneAt = started + this.context.timing.switchoverMs;
    if (now < doneAt) {
      this.context.requeueAfter(this, key, doneAt - now);
      return;
    }
    for (const pod of pods) {
      if (!names.includes(pod.metadata.name)) continue;
      const role = pod.metadata.name === target ? 'primary' : 'replica';
      if (pod.metadata.labels?.['cnpg.io/instanceRole'] === role) continue;
      writeObject(this.context, this.pods, pod, copy => {
        copy.metadata.labels = { ...copy.metadata.labels, 'cnpg.io/instanceRole': role, role };
      });
    }
    writeStatus(this.context, this.clusters, this.current(cluster), status => {
      status.currentPrimary = target;
      status.currentPrimaryTimestamp = rfc3339Micro(now);
      delete status.currentPrimaryFailingSinceTimestamp;
      status.timelineID = (status.timelineID ?? 1) + 1;
      status.phase = HEALTHY_PHASE;
      delete status.phaseReason;
    });
    this.announced.delete(key);
    this.context.events.record(
      cluster,
      'Normal',
      failing ? 'FailoverCompleted' : 'SwitchoverCompleted',
      `${failing ? 'Failover' : 'Switchover'} completed: ${target} is the new primary`,
      COMPONENT,
    );
  }

  private syncStatus(cluster: StoredObject): void {
    const now = this.context.clock.now();
    const namespace = cluster.metadata.namespace ?? '';
    const names: string[] = cluster.status?.instanceNames ?? [];
    const pods = ownedObjects(this.context, cluster, '/pods').filter(pod => names.includes(pod.metadata.name));
    const ready = pods.filter(pod => podIsReady(pod) && !pod.metadata.deletionTimestamp);
    const failed = names.filter(instance => !ready.some(pod => pod.metadata.name === instance));
    const desired: number = cluster.spec?.instances ?? 1;
    const switching = cluster.status?.phase === 'Switchover in progress' || cluster.status?.phase === 'Failing over';
    const healthy = !switching && ready.length === desired && names.length === desired;
    const store = objectStoreOf(cluster);
    const archivingBroken = store ? this.context.simulation.brokenObjectStores.get(`${namespace}/${store.name}`) : undefined;
    const claims = this.context.store.list('/persistentvolumeclaims', namespace).filter(pvc => pvc.metadata.labels?.['cnpg.io/cluster'] === cluster.metadata.name);
    writeStatus(this.context, this.clusters, cluster, status => {
      status.instances = names.length;
      status.readyInstances = ready.length;
      status.instancesStatus = { healthy: ready.map(pod => pod.metadata.name), ...(failed.length ? { failed } : {}) };
      status.instancesReportedState = Object.fromEntries(
        ready.map(pod => [pod.metadata.name, { isPrimary: pod.metadata.name === status.currentPrimary, timeLineID: status.timelineID ?? 1, ip: pod.status?.podIP }]),
      );
      status.writeService = `${cluster.metadata.name}-rw`;
      status.readService = `${cluster.metadata.name}-r`;
      status.image = cluster.spec?.imageName;
      status.pvcCount = claims.length;
      status.healthyPVC = claims.map(pvc => pvc.metadata.name).sort();
      status.jobCount = ownedObjects(this.context, cluster, 'batch/jobs').length;
      status.cloudNativePGCommitHash = '4dd6a5e6';
      status.cloudNativePGOperatorHash = 'b1a4e8d7c2f0a9b3e5d6c7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8';
      status.topology = { successfullyExtracted: true, instances: Object.fromEntries(names.map(instance => [instance, {}])) };
      if (!switching) {
        if (healthy) status.phase = HEALTHY_PHASE;
        else if (names.length < desired) status.phase = 'Creating a new replica';
        else status.phase = 'Waiting for the instances to become active';
        if (healthy) delete status.phaseReason;
        else status.phaseReason = names.length < desired ? `Creating replica ${instanceName(cluster.metadata.name, (status.latestGeneratedNode ?? names.length) + 1)}` : `Instances not ready: ${failed.join(', ')}`;
      }
      status.conditions = setCondition(
        status.conditions,
        healthy
          ? { type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready' }
          : { type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready' },
        now,
      );
      if (store) {
        status.conditions = setCondition(
          status.conditions,
          archivingBroken
            ? { type: 'ContinuousArchiving', status: 'False', reason: 'ContinuousArchivingFailing', message: `unexpected failure invoking barman-cloud-wal-archive: ${archivingBroken}` }
            : { type: 'ContinuousArchiving', status: 'True', reason: 'ContinuousArchivingSuccess', message: 'Continuous archiving is working' },
          now,
        );
      }
      if (healthy && !status.conditions.some((condition: { type: string }) => condition.type === 'ConsistentSystemID')) {
        status.conditions = setCondition(status.conditions, { type: 'ConsistentSystemID', status: 'True', reason: 'Unique', message: 'A single, unique system ID was found across reporting instances.' }, now);
      }
    });
  }

  private ensureServices(cluster: StoredObject): void {
    const namespace = cluster.metadata.namespace ?? '';
    for (const service of clusterServices(cluster)) {
      if (!this.context.store.get('/services', namespace, service.metadata.name ?? '')) {
        this.context.api.create(this.services, namespace, service);
      }
    }
  }
}

function pvcTemplate(cluster: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { labels: cluster.spec?.inheritedMetadata?.labels ?? {} },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: cluster.spec?.storage?.size ?? '1Gi' } },
      storageClassName: cluster.spec?.storage?.storageClass ?? 'standard',
    },
  };
}

