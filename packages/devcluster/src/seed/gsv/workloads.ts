import type { StoredObject } from '../../api/types';
import { ownerReference } from '../../controllers/helpers';
import { MINUTE, Seeder, type WorkloadInput } from '../Seeder';
import { hashOfTemplate, safeSuffix } from './labels';

/** DaemonSets and StatefulSets as their controllers would have left them: revision, pods, claims. */

/** A DaemonSet with one running pod per node. */
export function daemonSet(seeder: Seeder, input: WorkloadInput): StoredObject {
  const ds = seeder.create(
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
      spec: { selector: { matchLabels: input.selector }, template: seeder.template(input) },
    },
    input.createdAgo,
  );
  const revisionHash = hashOfTemplate(ds);
  seeder.create(
    {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: `${input.name}-${revisionHash}`, namespace: input.namespace, labels: { ...input.labels, 'controller.kubernetes.io/hash': revisionHash }, ownerReferences: [ownerReference(ds)] },
      data: { spec: { template: ds.spec.template } },
      revision: 1,
    },
    input.createdAgo,
  );
  for (const node of seeder.api.store.list('/nodes')) {
    seeder.runningPod(ds, `${input.name}-${safeSuffix(`${input.name}/${node.metadata.name}`)}`, input, input.createdAgo - MINUTE, 0, {
      nodeName: node.metadata.name,
      labels: { 'controller-revision-hash': revisionHash, 'pod-template-generation': '1' },
    });
  }
  return ds;
}

/** A StatefulSet with its pods and volume claims. */
export function statefulSet(seeder: Seeder, input: WorkloadInput, claim?: { name: string; size: string; usedFraction: number; growthPerDay?: number }): StoredObject {
  const sts = seeder.create(
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
      spec: {
        replicas: input.replicas,
        serviceName: input.name,
        selector: { matchLabels: input.selector },
        template: seeder.template(input),
        ...(claim
          ? { volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim.name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: claim.size } } } }] }
          : {}),
      },
    },
    input.createdAgo,
  );
  const revisionHash = hashOfTemplate(sts);
  seeder.create(
    {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: `${input.name}-${revisionHash}`, namespace: input.namespace, labels: { ...input.labels, 'controller.kubernetes.io/hash': revisionHash }, ownerReferences: [ownerReference(sts)] },
      data: { spec: { template: sts.spec.template } },
      revision: 1,
    },
    input.createdAgo,
  );
  for (let ordinal = 0; ordinal < input.replicas; ordinal++) {
    const podName = `${input.name}-${ordinal}`;
    if (claim) seeder.pvc(input.namespace, `${claim.name}-${podName}`, { size: claim.size, usedFraction: claim.usedFraction, growthPerDay: claim.growthPerDay, labels: input.selector, createdAgo: input.createdAgo });
    seeder.runningPod(sts, podName, input, input.createdAgo - MINUTE * (ordinal + 1), 0, {
      labels: { 'controller-revision-hash': `${input.name}-${revisionHash}`, 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(ordinal) },
      spec: {
        hostname: podName,
        subdomain: input.name,
        volumes: [...((sts.spec.template.spec.volumes as unknown[]) ?? []), ...(claim ? [{ name: claim.name, persistentVolumeClaim: { claimName: `${claim.name}-${podName}` } }] : [])],
      },
    });
  }
  return sts;
}
