import {
  getRunbook,
  type Incident,
  type IncidentTimelineEntry,
  type OperationRecord,
} from '@gsv/plugin-gsv-ops-common';
import { describeRef } from '../operations/records';
import type { IncidentObservation } from './types';

export interface TimelineSources {
  incident: Incident;
  observations: IncidentObservation[];
  /** The entity's operations created within the incident's window. */
  operations: OperationRecord[];
  /** Where an operation is shown (the entity's Ops tab). */
  operationLink?: string;
  /** The end of the window of an open incident. */
  now: number;
}

/**
 * The incident's timeline, oldest first: its declaration, changes, notes and resolution, the alerts and warning events
 * seen while it was open, and the entity's operations and approval decisions within declaredAt → resolvedAt (or now).
 * An alert that started firing before the declaration keeps its start time: the timeline shows what led up to it.
 */
export function buildTimeline(
  sources: TimelineSources,
): IncidentTimelineEntry[] {
  const { incident } = sources;
  const start = Date.parse(incident.declaredAt);
  const end = incident.resolvedAt
    ? Date.parse(incident.resolvedAt)
    : sources.now;
  const inWindow = (at: string) => {
    const t = Date.parse(at);
    return t >= start && t <= end;
  };
  const entries: IncidentTimelineEntry[] = [
    ...incidentEntries(incident),
    ...sources.observations.flatMap(observationEntries),
    ...sources.operations
      .flatMap(op => operationEntries(op, sources.operationLink))
      .filter(e => inWindow(e.at)),
  ];
  // At the same time, the declaration comes first and the resolution last.
  const order = (e: IncidentTimelineEntry) =>
    (({ declared: 0, resolved: 2 } as Record<string, number>)[e.kind] ?? 1);
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        Date.parse(a.entry.at) - Date.parse(b.entry.at) ||
        order(a.entry) - order(b.entry) ||
        a.index - b.index,
    )
    .map(({ entry }) => entry);
}

function incidentEntries(incident: Incident): IncidentTimelineEntry[] {
  const entries: IncidentTimelineEntry[] = [
    {
      at: incident.declaredAt,
      kind: 'declared',
      title: `Incident declared by ${incident.declaredBy}`,
      detail: `${incident.severity}: ${incident.summary}`,
    },
  ];
  for (const note of incident.notes) {
    entries.push({
      at: note.at,
      kind: note.kind,
      title:
        note.kind === 'change'
          ? `Changed by ${note.author}`
          : `Note by ${note.author}`,
      detail: note.text,
    });
  }
  if (incident.resolvedAt) {
    entries.push({
      at: incident.resolvedAt,
      kind: 'resolved',
      title: `Incident resolved by ${incident.resolvedBy ?? 'unknown'}`,
    });
  }
  return entries;
}

function observationEntries(o: IncidentObservation): IncidentTimelineEntry[] {
  const common = {
    ...(o.detail ? { detail: o.detail } : {}),
    ...(o.link ? { link: o.link } : {}),
  };
  if (o.kind === 'event') {
    return [
      {
        at: new Date(o.at).toISOString(),
        kind: 'warning-event',
        title: o.title,
        ...common,
      },
    ];
  }
  const entries: IncidentTimelineEntry[] = [
    {
      at: new Date(o.at).toISOString(),
      kind: 'alert-fired',
      title: `Alert firing: ${o.title}`,
      ...common,
    },
  ];
  if (o.resolvedAt !== undefined) {
    entries.push({
      at: new Date(o.resolvedAt).toISOString(),
      kind: 'alert-resolved',
      title: `Alert no longer firing: ${o.title}`,
      detail:
        'Seen no longer firing by GSV Ops at this time (Alertmanager does not keep when an alert resolved)',
      ...(o.link ? { link: o.link } : {}),
    });
  }
  return entries;
}

/** An operation's start, its end, and its approval's votes. */
export function operationEntries(
  op: OperationRecord,
  link?: string,
): IncidentTimelineEntry[] {
  const title = `${
    getRunbook(op.runbook)?.title ?? op.runbook
  } of ${describeRef(op.target)} in ${op.cluster}`;
  const linked = link ? { link } : {};
  if (op.dryRun) {
    return [
      {
        at: op.createdAt,
        kind: 'operation-started',
        title: `Dry run: ${title} by ${op.initiatedBy}`,
        detail: outcomeOf(op),
        ...linked,
      },
    ];
  }
  const entries: IncidentTimelineEntry[] = [
    {
      at: op.createdAt,
      kind: 'operation-started',
      title: `${title} requested by ${op.initiatedBy}`,
      ...(op.incident
        ? {
            detail: `Under incident ${op.incident.id} (${op.incident.severity})`,
          }
        : {}),
      ...linked,
    },
  ];
  const approval = op.approval;
  if (approval?.emergency) {
    entries.push({
      at: op.createdAt,
      kind: 'approval',
      title: `Approval waived under P1 incident ${approval.emergency.incident}`,
      detail: `${approval.group} reviews it afterwards`,
    });
  } else if (approval) {
    entries.push({
      at: op.createdAt,
      kind: 'approval',
      title: `Approval requested from ${approval.group}`,
      detail: `${approval.required} approval(s) needed`,
    });
  }
  for (const vote of approval?.votes ?? []) {
    entries.push({
      at: vote.at,
      kind: 'approval',
      title: `${vote.by} ${
        vote.decision === 'approve' ? 'approved' : 'rejected'
      } ${title}`,
      ...(vote.comment ? { detail: vote.comment } : {}),
    });
  }
  if (op.finishedAt) {
    entries.push({
      at: op.finishedAt,
      kind: 'operation-ended',
      title: `${title}: ${op.status}`,
      detail: outcomeOf(op),
      ...linked,
    });
  }
  return entries;
}

function outcomeOf(op: OperationRecord): string {
  return op.summary ? `${op.status}: ${op.summary}` : op.status;
}
