/** An incident of agent-registry with its operations and what was observed, for the timeline and record tests. */
import type { Incident, OperationRecord } from '@gsv/plugin-gsv-ops-common';

export const t = (minute: number) =>
  new Date(Date.UTC(2026, 11, 7, 10, minute)).toISOString();
export const ms = (minute: number) => Date.parse(t(minute));

export const incident: Incident = {
  id: 'GSV-INC-0000ABCD',
  entityRef: 'component:default/agent-registry',
  severity: 'P1',
  summary: 'Registry | down',
  commander: 'user:default/ann',
  status: 'resolved',
  declaredBy: 'user:default/jane',
  declaredAt: t(10),
  resolvedBy: 'user:default/ann',
  resolvedAt: t(95),
  notes: [
    {
      author: 'user:default/jane',
      at: t(12),
      kind: 'change',
      text: 'severity: P2 → P1',
    },
    {
      author: 'user:default/ann',
      at: t(40),
      kind: 'note',
      text: 'Rolled back\nto revision 3',
    },
  ],
};

function operation(
  id: string,
  overrides: Partial<OperationRecord>,
): OperationRecord {
  return {
    id,
    runbook: 'deployment-rollback',
    entityRef: incident.entityRef,
    cluster: 'gsv-prod',
    environment: 'prod',
    target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
    parameters: {},
    dryRun: false,
    status: 'succeeded',
    initiatedBy: 'user:default/ann',
    createdAt: t(30),
    finishedAt: t(33),
    summary: 'Rolled back to revision 3',
    steps: [],
    ...overrides,
  };
}

export const operations = [
  operation('dry', {
    dryRun: true,
    createdAt: t(25),
    finishedAt: t(25),
    summary: 'Dry run: would roll back',
  }),
  operation('real', {
    incident: { id: 'GSV-INC-0000ABCD', severity: 'P1' },
    approval: {
      status: 'approved',
      required: 1,
      group: 'group:default/platform-team',
      votes: [{ by: 'user:default/pat', decision: 'approve', at: t(31) }],
    },
    finishedAt: t(33),
  }),
  // After the resolution: not part of this incident.
  operation('later', { createdAt: t(120), finishedAt: t(121) }),
];

export const observations = [
  {
    key: 'alert:gsv-prod:a',
    kind: 'alert' as const,
    at: ms(5),
    title: 'HighErrorRate (critical) in gsv-prod',
    link: 'http://prom/graph?g0.expr=sum(rate(x[5m]))',
    resolvedAt: ms(50),
  },
  {
    key: 'event:gsv-prod:Pod cmp/x:BackOff:t',
    kind: 'event' as const,
    at: ms(20),
    title: 'BackOff on Pod cmp/x in gsv-prod',
    detail: 'Back-off restarting',
  },
];
