import type { ClusterApi } from '../api/ClusterApi';
import { rfc3339 } from '../api/format';
import type { KubeObject } from '../api/types';
import type { ResourceRegistry } from '../resources/ResourceRegistry';

/**
 * Records core/v1 Events for objects, aggregating repeats the way client-go's event correlator does (same
 * object, type, reason and message → count and lastTimestamp go up). The same objects are served as
 * events.k8s.io/v1 Events.
 */

const MAX_EVENTS_PER_NAMESPACE = 1000;

export class EventRecorder {
  private readonly latest = new Map<string, string>();
  private readonly events;

  constructor(
    private readonly api: ClusterApi,
    registry: ResourceRegistry,
  ) {
    this.events = registry.get('/events');
  }

  record(
    object: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: { component: string; host?: string; fieldPath?: string } = { component: 'devcluster' },
  ): void {
    try {
      this.write(object, type, reason, message, source);
    } catch {
      // Like client-go's recorder, a failed event write (e.g. namespace terminating) is dropped.
    }
  }

  private write(
    object: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: { component: string; host?: string; fieldPath?: string },
  ): void {
    const namespace = object.metadata.namespace || 'default';
    const uid = object.metadata.uid ?? '';
    const key = `${uid}|${type}|${reason}|${message}`;
    const now = this.api.clock.now();
    const timestamp = rfc3339(now);
    const existingName = this.latest.get(key);
    if (existingName) {
      const existing = this.api.tryGet(this.events, namespace, existingName);
      if (existing) {
        this.api.update(this.events, namespace, existingName, {
          ...existing,
          count: ((existing.count as number) ?? 1) + 1,
          lastTimestamp: timestamp,
        });
        return;
      }
    }
    const name = `${object.metadata.name}.${(BigInt(now) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000))).toString(16)}`;
    this.api.create(this.events, namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: object.kind,
        namespace: object.metadata.namespace,
        name: object.metadata.name,
        uid: object.metadata.uid,
        apiVersion: object.apiVersion,
        resourceVersion: object.metadata.resourceVersion,
        ...(source.fieldPath ? { fieldPath: source.fieldPath } : {}),
      },
      reason,
      message,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
    this.latest.set(key, name);
    this.trim(namespace);
  }

  /** Remembers seeded events so later identical ones aggregate into them. */
  remember(event: KubeObject): void {
    const involved = event.involvedObject as { uid?: string } | undefined;
    this.latest.set(`${involved?.uid ?? ''}|${event.type}|${event.reason}|${event.message}`, event.metadata.name ?? '');
  }

  private trim(namespace: string): void {
    const all = this.api.store.list('/events', namespace);
    if (all.length <= MAX_EVENTS_PER_NAMESPACE) return;
    const oldest = [...all]
      .sort((a, b) => String(a.lastTimestamp ?? '').localeCompare(String(b.lastTimestamp ?? '')))
      .slice(0, all.length - MAX_EVENTS_PER_NAMESPACE);
    for (const event of oldest) this.api.forceRemove(this.events, namespace, event.metadata.name);
  }
}
