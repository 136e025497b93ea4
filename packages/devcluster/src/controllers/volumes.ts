import type { KubeObject } from '../api/types';
import type { ControllerContext } from './ControllerManager';

/**
 * Dynamic provisioning: a claim is created Bound to a fresh PersistentVolume of the `standard` class (as
 * local-path/kind provisioners do), so workloads never wait for storage.
 */
export function ensureClaim(
  context: ControllerContext,
  namespace: string,
  name: string,
  template: KubeObject,
  labels: Record<string, string>,
): void {
  if (context.store.get('/persistentvolumeclaims', namespace, name)) return;
  const storage: string = template.spec?.resources?.requests?.storage ?? '1Gi';
  const accessModes: string[] = template.spec?.accessModes ?? ['ReadWriteOnce'];
  const storageClassName: string = template.spec?.storageClassName ?? 'standard';
  const volumeName = `pvc-${cryptoLikeId(`${namespace}/${name}/${context.clock.now()}`)}`;
  const claim = context.api.create(
    context.registry.get('/persistentvolumeclaims'),
    namespace,
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace,
        labels: { ...labels, ...(template.metadata?.labels ?? {}) },
        annotations: {
          'pv.kubernetes.io/bind-completed': 'yes',
          'pv.kubernetes.io/bound-by-controller': 'yes',
          'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
          'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
        },
      },
      spec: { accessModes, resources: { requests: { storage } }, storageClassName, volumeMode: 'Filesystem', volumeName },
      status: { phase: 'Bound', accessModes, capacity: { storage } },
    },
    { keepStatus: true },
  );
  context.api.create(
    context.registry.get('/persistentvolumes'),
    undefined,
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: volumeName, annotations: { 'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path' } },
      spec: {
        accessModes,
        capacity: { storage },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace, uid: claim.metadata.uid },
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName,
        volumeMode: 'Filesystem',
        hostPath: { path: `/var/local-path-provisioner/${volumeName}_${namespace}_${name}`, type: 'DirectoryOrCreate' },
      },
      status: { phase: 'Bound' },
    },
    { keepStatus: true },
  );
}

function cryptoLikeId(seed: string): string {
  let hash = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 4; round++) {
    for (const char of `${seed}/${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    out += hash.toString(16).padStart(8, '0');
  }
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-4${out.slice(13, 16)}-a${out.slice(17, 20)}-${out.slice(20, 32)}`;
}
