import { age, humanDuration } from '../api/format';
import type { KubeObject } from '../api/types';
import {
  ageColumn,
  column,
  defaultPodSpec,
  invalidValue,
  nameColumn,
  notSupported,
  required,
  validateObjectMeta,
  validatePodSpec,
} from './common';
import type { ResourceDefinition } from './types';

/** core/v1: the resources under `/api/v1`. */

interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string };
    running?: { startedAt?: string };
    terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
  };
  lastState?: { terminated?: { finishedAt?: string } };
}

/** The STATUS column of `kubectl get pods` (kubectl's printPod). */
export function podDisplayStatus(pod: KubeObject): string {
  let reason: string = pod.status?.reason || pod.status?.phase || 'Unknown';
  let hasRunning = false;
  const statuses: ContainerStatus[] = pod.status?.containerStatuses ?? [];
  for (let index = statuses.length - 1; index >= 0; index--) {
    const state = statuses[index].state ?? {};
    if (state.waiting?.reason) {
      reason = state.waiting.reason;
    } else if (state.terminated?.reason) {
      reason = state.terminated.reason;
    } else if (state.terminated) {
      reason = state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode}`;
    } else if (state.running && statuses[index].ready) {
      hasRunning = true;
    }
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (pod.metadata.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

function podRestarts(pod: KubeObject, now: number): string {
  const statuses: ContainerStatus[] = pod.status?.containerStatuses ?? [];
  let restarts = 0;
  let last: number | undefined;
  for (const status of statuses) {
    restarts += status.restartCount ?? 0;
    const finished = status.lastState?.terminated?.finishedAt;
    if (finished) last = Math.max(last ?? 0, Date.parse(finished));
  }
  return last !== undefined && restarts > 0 ? `${restarts} (${humanDuration(now - last)} ago)` : String(restarts);
}

function podReady(pod: KubeObject): string {
  const statuses: ContainerStatus[] = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  return `${statuses.filter(status => status.ready).length}/${total}`;
}

function servicePorts(service: KubeObject): string {
  const ports: Array<{ port: number; nodePort?: number; protocol?: string }> = service.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports
    .map(port => (port.nodePort ? `${port.port}:${port.nodePort}/${port.protocol ?? 'TCP'}` : `${port.port}/${port.protocol ?? 'TCP'}`))
    .join(',');
}

function accessModes(modes: string[] | undefined): string {
  const short: Record<string, string> = {
    ReadWriteOnce: 'RWO',
    ReadOnlyMany: 'ROX',
    ReadWriteMany: 'RWX',
    ReadWriteOncePod: 'RWOP',
  };
  return (modes ?? []).map(mode => short[mode] ?? mode).join(',');
}

function nodeStatus(node: KubeObject): string {
  const ready = (node.status?.conditions ?? []).find((condition: { type: string }) => condition.type === 'Ready');
  let state = 'Unknown';
  if (ready) state = ready.status === 'True' ? 'Ready' : 'NotReady';
  const states = [state];
  if (node.spec?.unschedulable) states.push('SchedulingDisabled');
  return states.join(',');
}

function nodeRoles(node: KubeObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter(label => label.startsWith('node-role.kubernetes.io/'))
    .map(label => label.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.sort().join(',') : '<none>';
}

function nodeAddress(node: KubeObject, type: string): string {
  return (node.status?.addresses ?? []).find((address: { type: string }) => address.type === type)?.address ?? '<none>';
}

function eventSource(source: { component?: string; host?: string }, reportingComponent: unknown): string {
  if (!source.component) return String(reportingComponent ?? '');
  return source.host ? `${source.component}, ${source.host}` : source.component;
}

function eventCells(event: KubeObject, now: number) {
  const first = event.firstTimestamp ?? event.eventTime;
  const series = event.series as { count?: number; lastObservedTime?: string } | undefined;
  const last = series?.lastObservedTime ?? (event.lastTimestamp as string | undefined) ?? first;
  const involved = (event.involvedObject ?? {}) as { kind?: string; name?: string; fieldPath?: string };
  const source = (event.source ?? {}) as { component?: string; host?: string };
  return {
    lastSeen: age(last as string | undefined, now),
    firstSeen: age(first as string | undefined, now),
    count: series?.count ?? (event.count as number | undefined) ?? 1,
    object: involved.name ? `${(involved.kind ?? '').toLowerCase()}/${involved.name}` : (involved.kind ?? '').toLowerCase(),
    subobject: involved.fieldPath ?? '',
    source: eventSource(source, event.reportingComponent),
  };
}

function validateEvent(event: KubeObject) {
  const causes = validateObjectMeta(event);
  const involved = event.involvedObject as { namespace?: string } | undefined;
  if (!involved) causes.push(required('involvedObject'));
  else if (involved.namespace && event.metadata.namespace && involved.namespace !== event.metadata.namespace) {
    causes.push(invalidValue('involvedObject.namespace', involved.namespace, 'does not match event.namespace'));
  }
  return causes;
}

/** The columns of `kubectl get events` (also used for events.k8s.io/v1, printed from the core form). */
export const eventColumns = [
  column('Last Seen', (ev, now) => eventCells(ev, now).lastSeen),
  column('Type', ev => String(ev.type ?? '')),
  column('Reason', ev => String(ev.reason ?? '')),
  column('Object', (ev, now) => eventCells(ev, now).object),
  column('Subobject', (ev, now) => eventCells(ev, now).subobject, { priority: 1 }),
  column('Source', (ev, now) => eventCells(ev, now).source, { priority: 1 }),
  column('Message', ev => String(ev.message ?? '').trim()),
  column('First Seen', (ev, now) => eventCells(ev, now).firstSeen, { priority: 1 }),
  column('Count', (ev, now) => eventCells(ev, now).count, { type: 'integer', priority: 1 }),
  { ...nameColumn, priority: 1 },
];

export const coreResources: ResourceDefinition[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    hasStatus: true,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    columns: [nameColumn, column('Status', ns => ns.status?.phase ?? ''), ageColumn],
    fieldSelectors: { 'status.phase': ns => ns.status?.phase },
    defaults(ns) {
      ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name ?? '' };
      ns.spec = { finalizers: ['kubernetes'], ...ns.spec };
      ns.status = { phase: 'Active', ...ns.status };
    },
    validate: ns => validateObjectMeta(ns, { label: true }),
  },
  {
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    hasStatus: true,
    extraSubresources: [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }],
    columns: [
      nameColumn,
      column('Status', nodeStatus),
      column('Roles', nodeRoles),
      ageColumn,
      column('Version', node => node.status?.nodeInfo?.kubeletVersion ?? ''),
      column('Internal-IP', node => nodeAddress(node, 'InternalIP'), { priority: 1 }),
      column('External-IP', node => nodeAddress(node, 'ExternalIP'), { priority: 1 }),
      column('OS-Image', node => node.status?.nodeInfo?.osImage ?? '', { priority: 1 }),
      column('Kernel-Version', node => node.status?.nodeInfo?.kernelVersion ?? '', { priority: 1 }),
      column('Container-Runtime', node => node.status?.nodeInfo?.containerRuntimeVersion ?? '', { priority: 1 }),
    ],
    fieldSelectors: { 'spec.unschedulable': node => String(Boolean(node.spec?.unschedulable)) },
    validate: node => validateObjectMeta(node),
  },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    hasStatus: true,
    extraSubresources: [{ name: 'log', kind: 'Pod', verbs: ['get'] }],
    columns: [
      nameColumn,
      column('Ready', podReady, { description: 'The aggregate readiness state of this pod for accepting traffic.' }),
      column('Status', podDisplayStatus, { description: 'The aggregate status of the containers in this pod.' }),
      column('Restarts', podRestarts, { description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.' }),
      ageColumn,
      column('IP', pod => pod.status?.podIP ?? '<none>', { priority: 1 }),
      column('Node', pod => pod.spec?.nodeName ?? '<none>', { priority: 1 }),
      column('Nominated Node', pod => pod.status?.nominatedNodeName ?? '<none>', { priority: 1 }),
      column('Readiness Gates', pod => ((pod.spec?.readinessGates ?? []).length ? String(pod.spec.readinessGates.length) : '<none>'), { priority: 1 }),
    ],
    fieldSelectors: {
      'spec.nodeName': pod => pod.spec?.nodeName,
      'spec.restartPolicy': pod => pod.spec?.restartPolicy,
      'spec.schedulerName': pod => pod.spec?.schedulerName,
      'spec.serviceAccountName': pod => pod.spec?.serviceAccountName,
      'spec.hostNetwork': pod => String(Boolean(pod.spec?.hostNetwork)),
      'status.phase': pod => pod.status?.phase,
      'status.podIP': pod => pod.status?.podIP,
      'status.nominatedNodeName': pod => pod.status?.nominatedNodeName,
    },
    defaults(pod) {
      defaultPodSpec(pod.spec, { isPod: true });
      pod.status ??= {};
      pod.status.phase ??= 'Pending';
      pod.status.qosClass ??= qosClass(pod);
    },
    validate(pod, old) {
      const causes = [...validateObjectMeta(pod), ...validatePodSpec(pod.spec, 'spec')];
      if (old) {
        const image = (spec: KubeObject['spec']) =>
          JSON.stringify((spec?.containers ?? []).map((container: { name: string }) => container.name));
        if (image(old.spec) !== image(pod.spec)) {
          causes.push({ reason: 'FieldValueForbidden', field: 'spec', message: 'Forbidden: pod updates may not add or remove containers' });
        }
      }
      return causes;
    },
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    hasStatus: true,
    columns: [
      nameColumn,
      column('Type', svc => svc.spec?.type ?? 'ClusterIP'),
      column('Cluster-IP', svc => svc.spec?.clusterIP ?? '<none>'),
      column('External-IP', svc => (svc.status?.loadBalancer?.ingress ?? []).map((i: { ip?: string; hostname?: string }) => i.ip ?? i.hostname).join(',') || (svc.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>')),
      column('Port(s)', servicePorts),
      ageColumn,
      column('Selector', svc => Object.entries(svc.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>', { priority: 1 }),
    ],
    defaults(svc, context) {
      svc.spec ??= {};
      const spec = svc.spec;
      spec.type ??= 'ClusterIP';
      if (spec.clusterIP === undefined) spec.clusterIP = context.allocateClusterIp();
      spec.clusterIPs ??= [spec.clusterIP];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      spec.sessionAffinity ??= 'None';
      spec.internalTrafficPolicy ??= 'Cluster';
      for (const port of spec.ports ?? []) {
        port.protocol ??= 'TCP';
        port.targetPort ??= port.port;
      }
      svc.status ??= { loadBalancer: {} };
    },
    validate(svc, old) {
      const causes = validateObjectMeta(svc, { label: true });
      const type = svc.spec?.type ?? 'ClusterIP';
      if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type)) {
        causes.push(notSupported('spec.type', type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']));
      }
      if (type !== 'ExternalName' && svc.spec?.clusterIP !== 'None' && !(svc.spec?.ports ?? []).length) {
        causes.push(required('spec.ports'));
      }
      if (old && old.spec?.clusterIP && svc.spec?.clusterIP !== old.spec.clusterIP) {
        causes.push(invalidValue('spec.clusterIPs[0]', svc.spec?.clusterIP, 'may not change once set'));
      }
      return causes;
    },
  },
  {
    group: '',
    version: 'v1',
    resource: 'endpoints',
    kind: 'Endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    columns: [
      nameColumn,
      column('Endpoints', ep => {
        const addresses: string[] = [];
        for (const subset of (ep.subsets as Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ port: number }> }>) ?? []) {
          for (const address of subset.addresses ?? []) {
            for (const port of subset.ports ?? []) addresses.push(`${address.ip}:${port.port}`);
          }
        }
        if (addresses.length === 0) return '<none>';
        return addresses.length > 3 ? `${addresses.slice(0, 3).join(',')} + ${addresses.length - 3} more...` : addresses.join(',');
      }),
      ageColumn,
    ],
    validate: ep => validateObjectMeta(ep),
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    columns: eventColumns,
    fieldSelectors: {
      'involvedObject.kind': ev => (ev.involvedObject as { kind?: string })?.kind,
      'involvedObject.namespace': ev => (ev.involvedObject as { namespace?: string })?.namespace,
      'involvedObject.name': ev => (ev.involvedObject as { name?: string })?.name,
      'involvedObject.uid': ev => (ev.involvedObject as { uid?: string })?.uid,
      'involvedObject.apiVersion': ev => (ev.involvedObject as { apiVersion?: string })?.apiVersion,
      'involvedObject.resourceVersion': ev => (ev.involvedObject as { resourceVersion?: string })?.resourceVersion,
      'involvedObject.fieldPath': ev => (ev.involvedObject as { fieldPath?: string })?.fieldPath,
      reason: ev => ev.reason as string | undefined,
      reportingComponent: ev => ev.reportingComponent as string | undefined,
      source: ev => (ev.source as { component?: string })?.component,
      type: ev => ev.type as string | undefined,
    },
    validate: validateEvent,
  },
  {
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    singular: 'persistentvolumeclaim',
    namespaced: true,
    shortNames: ['pvc'],
    hasStatus: true,
    columns: [
      nameColumn,
      column('Status', pvc => pvc.status?.phase ?? ''),
      column('Volume', pvc => pvc.spec?.volumeName ?? ''),
      column('Capacity', pvc => pvc.status?.capacity?.storage ?? ''),
      column('Access Modes', pvc => accessModes(pvc.status?.accessModes ?? pvc.spec?.accessModes)),
      column('StorageClass', pvc => pvc.spec?.storageClassName ?? ''),
      column('VolumeAttributesClass', pvc => pvc.spec?.volumeAttributesClassName ?? '<unset>'),
      ageColumn,
      column('VolumeMode', pvc => pvc.spec?.volumeMode ?? 'Filesystem', { priority: 1 }),
    ],
    defaults(pvc) {
      pvc.spec ??= {};
      pvc.spec.volumeMode ??= 'Filesystem';
      pvc.status ??= { phase: 'Pending' };
    },
    validate(pvc) {
      const causes = validateObjectMeta(pvc);
      if (!(pvc.spec?.accessModes ?? []).length) causes.push(required('spec.accessModes'));
      if (!pvc.spec?.resources?.requests?.storage) causes.push(required('spec.resources[storage]'));
      return causes;
    },
  },
  {
    group: '',
    version: 'v1',
    resource: 'persistentvolumes',
    kind: 'PersistentVolume',
    singular: 'persistentvolume',
    namespaced: false,
    shortNames: ['pv'],
    hasStatus: true,
    columns: [
      nameColumn,
      column('Capacity', pv => pv.spec?.capacity?.storage ?? ''),
      column('Access Modes', pv => accessModes(pv.spec?.accessModes)),
      column('Reclaim Policy', pv => pv.spec?.persistentVolumeReclaimPolicy ?? ''),
      column('Status', pv => pv.status?.phase ?? ''),
      column('Claim', pv => (pv.spec?.claimRef ? `${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}` : '')),
      column('StorageClass', pv => pv.spec?.storageClassName ?? ''),
      column('VolumeAttributesClass', pv => pv.spec?.volumeAttributesClassName ?? '<unset>'),
      column('Reason', pv => pv.status?.reason ?? ''),
      ageColumn,
      column('VolumeMode', pv => pv.spec?.volumeMode ?? 'Filesystem', { priority: 1 }),
    ],
    validate: pv => validateObjectMeta(pv),
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    kind: 'ConfigMap',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    columns: [
      nameColumn,
      column('Data', cm => Object.keys((cm.data as object) ?? {}).length + Object.keys((cm.binaryData as object) ?? {}).length, { type: 'integer' }),
      ageColumn,
    ],
    validate: cm => validateObjectMeta(cm),
  },
  {
    group: '',
    version: 'v1',
    resource: 'secrets',
    kind: 'Secret',
    singular: 'secret',
    namespaced: true,
    columns: [
      nameColumn,
      column('Type', secret => String(secret.type ?? 'Opaque')),
      column('Data', secret => Object.keys((secret.data as object) ?? {}).length, { type: 'integer' }),
      ageColumn,
    ],
    fieldSelectors: { type: secret => secret.type as string | undefined },
    defaults(secret) {
      secret.type ??= 'Opaque';
      const stringData = secret.stringData as Record<string, string> | undefined;
      if (stringData) {
        const data = { ...((secret.data as Record<string, string>) ?? {}) };
        for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(value).toString('base64');
        secret.data = data;
        delete secret.stringData;
      }
    },
    validate(secret) {
      const causes = validateObjectMeta(secret);
      for (const [key, value] of Object.entries((secret.data as Record<string, unknown>) ?? {})) {
        if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
          causes.push(invalidValue(`data[${key}]`, '<secret contents redacted>', 'illegal base64 data'));
        }
      }
      return causes;
    },
  },
  {
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    singular: 'serviceaccount',
    namespaced: true,
    shortNames: ['sa'],
    extraSubresources: [{ name: 'token', kind: 'TokenRequest', verbs: ['create'], group: 'authentication.k8s.io', version: 'v1' }],
    columns: [nameColumn, column('Secrets', sa => ((sa.secrets as unknown[]) ?? []).length, { type: 'integer' }), ageColumn],
    validate: sa => validateObjectMeta(sa),
  },
  {
    group: '',
    version: 'v1',
    resource: 'limitranges',
    kind: 'LimitRange',
    singular: 'limitrange',
    namespaced: true,
    shortNames: ['limits'],
    columns: [nameColumn, column('Created At', lr => lr.metadata.creationTimestamp ?? '', { type: 'date' })],
    validate: lr => validateObjectMeta(lr),
  },
  {
    group: '',
    version: 'v1',
    resource: 'resourcequotas',
    kind: 'ResourceQuota',
    singular: 'resourcequota',
    namespaced: true,
    shortNames: ['quota'],
    hasStatus: true,
    columns: [nameColumn, ageColumn, column('Request', () => ''), column('Limit', () => '')],
    validate: rq => validateObjectMeta(rq),
  },
];

/** The QoS class the API server computes for a pod. */
function qosClass(pod: KubeObject): string {
  const containers: Array<{ resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }> =
    pod.spec?.containers ?? [];
  let anySet = false;
  let guaranteed = true;
  for (const container of containers) {
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) anySet = true;
    for (const resource of ['cpu', 'memory']) {
      if (!limits[resource] || (requests[resource] && requests[resource] !== limits[resource])) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
