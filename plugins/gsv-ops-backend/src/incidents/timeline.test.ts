import {
  incident,
  ms,
  observations,
  operations,
  t,
} from './__testUtils__/incidentFixtures';
import { buildTimeline } from './timeline';

describe('the incident timeline', () => {
  it('merges alerts, events, operations, approvals and notes in time order within the window', () => {
    const timeline = buildTimeline({
      incident,
      observations,
      operations,
      operationLink: '/ops',
      now: ms(200),
    });
    expect(timeline.map(e => [e.at, e.kind])).toEqual([
      [t(5), 'alert-fired'],
      [t(10), 'declared'],
      [t(12), 'change'],
      [t(20), 'warning-event'],
      [t(25), 'operation-started'],
      [t(30), 'operation-started'],
      [t(30), 'approval'],
      [t(31), 'approval'],
      [t(33), 'operation-ended'],
      [t(40), 'note'],
      [t(50), 'alert-resolved'],
      [t(95), 'resolved'],
    ]);
    expect(timeline[4].title).toBe(
      'Dry run: Roll back deployment of Deployment cmp/agent-registry in gsv-prod by user:default/ann',
    );
    expect(timeline[5]).toMatchObject({
      detail: 'Under incident GSV-INC-0000ABCD (P1)',
      link: '/ops',
    });
    expect(timeline[7].title).toBe(
      'user:default/pat approved Roll back deployment of Deployment cmp/agent-registry in gsv-prod',
    );
    expect(timeline[10]).toMatchObject({
      title: 'Alert no longer firing: HighErrorRate (critical) in gsv-prod',
      link: 'http://prom/graph?g0.expr=sum(rate(x[5m]))',
    });
  });

  it('ends an open incident’s window now', () => {
    const open = {
      ...incident,
      status: 'open' as const,
      resolvedAt: undefined,
      resolvedBy: undefined,
    };
    const timeline = buildTimeline({
      incident: open,
      observations: [],
      operations,
      now: ms(32),
    });
    expect(timeline.map(e => e.kind)).toEqual([
      'declared',
      'change',
      'operation-started',
      'operation-started',
      'approval',
      'approval',
      'note',
    ]);
  });
});
