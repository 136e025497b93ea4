import type { EventView } from '@gsv/plugin-gsv-ops-common';
import type { DateTime } from 'luxon';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { parseTime } from './time';

/** A core/v1 Event as the view shows it; the last time falls back through eventTime and series. */
export function eventView(event: KubeObject): EventView {
  const e = event as any;
  const last: string | undefined =
    e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? e.firstTimestamp ?? event.metadata.creationTimestamp;
  return {
    namespace: event.metadata.namespace ?? '',
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? e.note ?? '',
    involvedObject: {
      kind: e.involvedObject?.kind ?? e.regarding?.kind ?? '',
      namespace: e.involvedObject?.namespace ?? e.regarding?.namespace ?? event.metadata.namespace,
      name: e.involvedObject?.name ?? e.regarding?.name ?? '',
    },
    count: e.count ?? e.series?.count ?? 1,
    firstTimestamp: e.firstTimestamp ?? e.eventTime ?? event.metadata.creationTimestamp,
    lastTimestamp: last,
  };
}

/** Events seen within `maxAgeMinutes`, most recent first, at most `limit`. */
export function recentEvents(
  events: Iterable<KubeObject>,
  options: { now: DateTime; maxAgeMinutes: number; limit: number; type?: 'Warning' | 'Normal' },
): EventView[] {
  const oldest = options.now.minus({ minutes: options.maxAgeMinutes }).toMillis();
  const rows: Array<{ view: EventView; at: number }> = [];
  for (const event of events) {
    const view = eventView(event);
    if (options.type && view.type !== options.type) continue;
    const at = parseTime(view.lastTimestamp)?.toMillis();
    if (at === undefined || at < oldest) continue;
    rows.push({ view, at });
  }
  return rows
    .sort((a, b) => b.at - a.at || a.view.involvedObject.name.localeCompare(b.view.involvedObject.name))
    .slice(0, options.limit)
    .map(r => r.view);
}
