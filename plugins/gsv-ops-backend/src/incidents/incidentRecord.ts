import {
  getRunbook,
  type Incident,
  type IncidentTimelineEntry,
  type OperationRecord,
} from '@gsv/plugin-gsv-ops-common';
import { Duration } from 'luxon';
import { describeRef } from '../operations/records';

/**
 * The post-incident record the ops guide asks for (§6), as Markdown: what happened, who led, how long it took
 * (declared → resolved, declared → first real operation), the timeline, the operations run with their outcome, and
 * the notes.
 */
export function incidentRecordMarkdown(options: {
  incident: Incident;
  /** The entity's operations within the incident's window, oldest first. */
  operations: OperationRecord[];
  timeline: IncidentTimelineEntry[];
}): string {
  const { incident, operations, timeline } = options;
  const declaredAt = Date.parse(incident.declaredAt);
  const realRuns = operations.filter(op => !op.dryRun);
  const firstOperation = realRuns[0];
  const notes = incident.notes.filter(n => n.kind === 'note');
  const lines = [
    `# Post-incident record: ${incident.id} — ${oneLine(incident.summary)}`,
    '',
    `- **Service:** ${incident.entityRef}`,
    `- **Severity:** ${incident.severity}`,
    `- **Commander:** ${incident.commander}`,
    `- **Declared:** ${incident.declaredAt} by ${incident.declaredBy}`,
    `- **Resolved:** ${
      incident.resolvedAt
        ? `${incident.resolvedAt} by ${incident.resolvedBy}`
        : 'not yet'
    }`,
    `- **Time to resolve:** ${
      incident.resolvedAt
        ? preciseDuration(Date.parse(incident.resolvedAt) - declaredAt)
        : 'not resolved'
    }`,
    `- **Declared → first operation:** ${
      firstOperation
        ? `${preciseDuration(
            Date.parse(firstOperation.createdAt) - declaredAt,
          )} (${titleOf(firstOperation)})`
        : 'no operation was run'
    }`,
    '',
    '## Timeline',
    '',
    '| Time (UTC) | What | Detail |',
    '| --- | --- | --- |',
    ...timeline.map(
      e =>
        `| ${e.at} | ${cell(e.title)} | ${cell(e.detail ?? '')}${
          e.link ? ` [link](${markdownUrl(e.link)})` : ''
        } |`,
    ),
    '',
    '## Operations',
    '',
    ...(realRuns.length === 0
      ? [
          'No operation was run on the service during the incident (dry runs are in the timeline).',
        ]
      : [
          '| Requested (UTC) | Operation | By | Outcome | Finished (UTC) |',
          '| --- | --- | --- | --- | --- |',
          ...realRuns.map(
            op =>
              `| ${op.createdAt} | ${cell(titleOf(op))} | ${
                op.initiatedBy
              } | ${cell(
                op.summary ? `${op.status}: ${op.summary}` : op.status,
              )} | ${op.finishedAt ?? '—'} |`,
          ),
        ]),
    '',
    '## Notes',
    '',
    ...(notes.length === 0
      ? ['No notes were added.']
      : notes.map(n => `- ${n.at} — ${n.author}: ${oneLine(n.text)}`)),
    '',
  ];
  return lines.join('\n');
}

function titleOf(op: OperationRecord): string {
  return `${getRunbook(op.runbook)?.title ?? op.runbook} of ${describeRef(
    op.target,
  )} in ${op.cluster}`;
}

/** "1 h 59 min 3 s": to the second, as a record should be. */
function preciseDuration(ms: number): string {
  const d = Duration.fromMillis(Math.max(0, ms)).shiftTo(
    'days',
    'hours',
    'minutes',
    'seconds',
  );
  const parts: Array<[number, string]> = [
    [d.days, 'd'],
    [d.hours, 'h'],
    [d.minutes, 'min'],
    [Math.floor(d.seconds), 's'],
  ];
  const shown = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`);
  return shown.length ? shown.join(' ') : '0 s';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Text in a Markdown table cell: one line, pipes escaped. */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

/** A URL as a Markdown link target: parentheses, pipes and spaces (a PromQL expression has them) escaped. */
function markdownUrl(url: string): string {
  return url.replace(
    /[()| ]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
