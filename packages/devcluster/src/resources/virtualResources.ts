import type { KubeObject } from '../api/types';
import { column, nameColumn } from './common';
import { eventColumns } from './core';
import type { ResourceDefinition } from './types';

/**
 * Resources that hold no objects of their own: events.k8s.io/v1 events (a view of core/v1 events), the metrics API,
 * and the access-review APIs that only answer a POST. Their behaviour is attached at start-up
 * ({@link ResourceRegistry.attachVirtual}), because it needs the store, the authoriser and the simulation.
 */

/** core/v1 Event → events.k8s.io/v1 Event. */
export function eventToEventsV1(event: KubeObject): KubeObject {
  const source = (event.source ?? {}) as { component?: string; host?: string };
  const series = event.series as { count?: number; lastObservedTime?: string } | undefined;
  const converted: KubeObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: event.metadata,
    eventTime: event.eventTime ?? null,
    reason: event.reason,
    regarding: event.involvedObject,
    note: event.message,
    type: event.type,
    reportingController: event.reportingComponent || source.component || '',
    reportingInstance: event.reportingInstance || source.host || '',
    deprecatedSource: event.source,
    deprecatedFirstTimestamp: event.firstTimestamp,
    deprecatedLastTimestamp: event.lastTimestamp,
    deprecatedCount: event.count,
  };
  if (event.action) converted.action = event.action;
  if (event.related) converted.related = event.related;
  if (series) converted.series = { count: series.count, lastObservedTime: series.lastObservedTime };
  return dropUndefined(converted);
}

/** events.k8s.io/v1 Event → core/v1 Event. */
export function eventsV1ToEvent(event: KubeObject): KubeObject {
  const converted: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: event.metadata,
    involvedObject: event.regarding ?? {},
    reason: event.reason,
    message: event.note,
    type: event.type,
    eventTime: event.eventTime,
    reportingComponent: event.reportingController,
    reportingInstance: event.reportingInstance,
    action: event.action,
    related: event.related,
    source: event.deprecatedSource ?? { component: event.reportingController },
    firstTimestamp: event.deprecatedFirstTimestamp,
    lastTimestamp: event.deprecatedLastTimestamp,
    count: event.deprecatedCount,
    series: event.series,
  };
  return dropUndefined(converted);
}

function dropUndefined(object: KubeObject): KubeObject {
  for (const key of Object.keys(object)) {
    if (object[key] === undefined) delete object[key];
  }
  return object;
}

function usage(metrics: KubeObject, resource: 'cpu' | 'memory'): string {
  if (metrics.usage) return (metrics.usage as Record<string, string>)[resource] ?? '';
  const containers = (metrics.containers as Array<{ usage: Record<string, string> }>) ?? [];
  return containers.map(container => container.usage[resource]).join(',');
}

const reviewVerbs: ResourceDefinition['verbs'] = ['create'];

export const virtualResources: ResourceDefinition[] = [
  {
    group: 'events.k8s.io',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    columns: eventColumns,
    alias: {
      storedAs: '/events',
      toStored: eventsV1ToEvent,
      fromStored: eventToEventsV1,
      fieldSelectorMap: {
        'regarding.kind': 'involvedObject.kind',
        'regarding.name': 'involvedObject.name',
        'regarding.namespace': 'involvedObject.namespace',
        'regarding.uid': 'involvedObject.uid',
        'regarding.apiVersion': 'involvedObject.apiVersion',
        'regarding.resourceVersion': 'involvedObject.resourceVersion',
        'regarding.fieldPath': 'involvedObject.fieldPath',
        reportingController: 'reportingComponent',
        'deprecatedSource.component': 'source',
      },
    },
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    resource: 'pods',
    kind: 'PodMetrics',
    singular: '',
    namespaced: true,
    verbs: ['get', 'list'],
    columns: [
      nameColumn,
      column('CPU', metrics => usage(metrics, 'cpu')),
      column('Memory', metrics => usage(metrics, 'memory')),
      column('Window', metrics => String(metrics.window ?? '')),
    ],
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    resource: 'nodes',
    kind: 'NodeMetrics',
    singular: '',
    namespaced: false,
    verbs: ['get', 'list'],
    columns: [
      nameColumn,
      column('CPU', metrics => usage(metrics, 'cpu')),
      column('Memory', metrics => usage(metrics, 'memory')),
      column('Window', metrics => String(metrics.window ?? '')),
    ],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    kind: 'SelfSubjectAccessReview',
    singular: '',
    namespaced: false,
    verbs: reviewVerbs,
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'subjectaccessreviews',
    kind: 'SubjectAccessReview',
    singular: '',
    namespaced: false,
    verbs: reviewVerbs,
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'localsubjectaccessreviews',
    kind: 'LocalSubjectAccessReview',
    singular: '',
    namespaced: true,
    verbs: reviewVerbs,
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectrulesreviews',
    kind: 'SelfSubjectRulesReview',
    singular: '',
    namespaced: false,
    verbs: reviewVerbs,
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    resource: 'selfsubjectreviews',
    kind: 'SelfSubjectReview',
    singular: '',
    namespaced: false,
    verbs: reviewVerbs,
  },
];
