import type { KubeObject, StoredObject } from '../api/types';
import type { ResourceDefinition } from '../resources/types';
import { LabelSelector } from '../store/selectors';
import type { StoreEvent } from '../store/ObjectStore';
import { objectKey, splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { podIsReady } from './helpers';

/** Endpoints controller: the ready and not-ready pod addresses behind each Service with a selector. */
export class EndpointsController implements Controller {
  readonly name = 'endpoints';
  private readonly endpoints: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.endpoints = context.registry.get('/endpoints');
  }

  watches() {
    return [
      { collection: '/services' },
      { collection: '/pods', keys: (event: StoreEvent) => this.servicesSelecting(event) },
    ];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const service = this.context.store.get('/services', namespace, name);
    const existing = this.context.store.get('/endpoints', namespace, name);
    if (!service) {
      if (existing) this.context.api.delete(this.endpoints, namespace, name);
      return;
    }
    if (!service.spec?.selector) return;
    const selector = LabelSelector.fromObject({ matchLabels: service.spec.selector });
    const pods = this.context.store
      .list('/pods', namespace)
      .filter(pod => selector.matches(pod.metadata.labels) && pod.status?.podIP && !pod.metadata.deletionTimestamp && pod.status?.phase === 'Running');
    const address = (pod: StoredObject) => ({
      ip: pod.status.podIP,
      nodeName: pod.spec?.nodeName,
      targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    });
    const ports = (service.spec.ports ?? []).map((port: { name?: string; port: number; targetPort?: number | string; protocol?: string }) => ({
      ...(port.name ? { name: port.name } : {}),
      port: resolveTargetPort(port.targetPort ?? port.port, pods[0]),
      protocol: port.protocol ?? 'TCP',
    }));
    const ready = pods.filter(podIsReady).map(address);
    const notReady = pods.filter(pod => !podIsReady(pod)).map(address);
    const subsets = pods.length
      ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }]
      : undefined;
    const desired: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name,
        namespace,
        labels: { ...service.metadata.labels },
        ...(existing ? { resourceVersion: existing.metadata.resourceVersion } : {}),
      },
      ...(subsets ? { subsets } : {}),
    };
    if (existing) {
      this.context.api.update(this.endpoints, namespace, name, { ...desired, metadata: { ...existing.metadata, labels: desired.metadata.labels } });
    } else {
      this.context.api.create(this.endpoints, namespace, desired);
    }
  }

  private servicesSelecting(event: StoreEvent): string[] {
    const namespace = event.object.metadata.namespace ?? '';
    const keys: string[] = [];
    for (const service of this.context.store.list('/services', namespace)) {
      const selector = service.spec?.selector;
      if (!selector) continue;
      const parsed = LabelSelector.fromObject({ matchLabels: selector });
      if (parsed.matches(event.object.metadata.labels) || (event.previous && parsed.matches(event.previous.metadata.labels))) {
        keys.push(objectKey(namespace, service.metadata.name));
      }
    }
    return keys;
  }
}

function resolveTargetPort(target: number | string, pod: KubeObject | undefined): number {
  if (typeof target === 'number') return target;
  for (const container of (pod?.spec?.containers ?? []) as Array<{ ports?: Array<{ name?: string; containerPort: number }> }>) {
    const port = (container.ports ?? []).find(candidate => candidate.name === target);
    if (port) return port.containerPort;
  }
  return Number(target) || 0;
}
