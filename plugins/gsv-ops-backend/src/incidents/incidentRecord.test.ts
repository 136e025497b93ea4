import {
  incident,
  ms,
  observations,
  operations,
  t,
} from './__testUtils__/incidentFixtures';
import { incidentRecordMarkdown } from './incidentRecord';
import { buildTimeline } from './timeline';

describe('the post-incident record', () => {
  it('has the facts, durations, timeline, operations and notes as Markdown', () => {
    const inWindow = operations.slice(0, 2);
    const timeline = buildTimeline({
      incident,
      observations,
      operations: inWindow,
      now: ms(200),
    });
    const markdown = incidentRecordMarkdown({
      incident,
      operations: inWindow,
      timeline,
    });
    const lines = markdown.split('\n');
    expect(lines[0]).toBe(
      '# Post-incident record: GSV-INC-0000ABCD — Registry | down',
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        '- **Severity:** P1',
        '- **Commander:** user:default/ann',
        `- **Declared:** ${t(10)} by user:default/jane`,
        `- **Resolved:** ${t(95)} by user:default/ann`,
        '- **Time to resolve:** 1 h 25 min',
        // The dry run at :25 is not an operation run; the rollback at :30 is.
        '- **Declared → first operation:** 20 min (Roll back deployment of Deployment cmp/agent-registry in gsv-prod)',
        `| ${t(
          10,
        )} | Incident declared by user:default/jane | P1: Registry \\| down |`,
        `| ${t(
          5,
        )} | Alert firing: HighErrorRate (critical) in gsv-prod |  [link](http://prom/graph?g0.expr=sum%28rate%28x[5m]%29%29) |`,
        `| ${t(
          30,
        )} | Roll back deployment of Deployment cmp/agent-registry in gsv-prod | user:default/ann | succeeded: Rolled back to revision 3 | ${t(
          33,
        )} |`,
        `- ${t(40)} — user:default/ann: Rolled back to revision 3`,
      ]),
    );
    expect(lines.filter(l => l.startsWith(`| ${t(25)}`))).toHaveLength(1);
  });

  it('says when nothing was run and nothing was noted', () => {
    const quiet = { ...incident, notes: [] };
    const markdown = incidentRecordMarkdown({
      incident: quiet,
      operations: [],
      timeline: [],
    });
    expect(markdown).toContain(
      '- **Declared → first operation:** no operation was run',
    );
    expect(markdown).toContain(
      'No operation was run on the service during the incident',
    );
    expect(markdown).toContain('No notes were added.');
  });
});
