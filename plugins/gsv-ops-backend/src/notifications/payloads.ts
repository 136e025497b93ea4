import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import { getRunbook, type Level } from '@gsv/plugin-gsv-ops-common';
import { describeRef } from '../operations/records';
import type { EntityCondition, NotifiedOperation } from './OpsNotifier';

/** Where a notification links to: the entity's Ops tab (absolute when app.baseUrl is known). */
export type OpsTabLink = (entityRef: string) => string;

const TOPIC = 'GSV Ops';

/** `Restart deployment on agent-registry (gsv-prod)`. */
function operationTitle(op: NotifiedOperation): string {
  const runbook = getRunbook(op.runbook)?.title ?? op.runbook;
  return `${runbook} on ${parseEntityRef(op.entityRef).name} (${op.cluster})`;
}

const ENDED: Record<string, { verb: string; severity: NotificationPayload['severity'] }> = {
  succeeded: { verb: 'succeeded', severity: 'normal' },
  failed: { verb: 'failed', severity: 'high' },
  cancelled: { verb: 'was cancelled', severity: 'normal' },
  interrupted: { verb: 'was interrupted', severity: 'high' },
};

/** A real run ended. One notification per operation (its scope), updated should it be sent again. */
export function operationEndedPayload(op: NotifiedOperation, link: OpsTabLink): NotificationPayload {
  const ended = ENDED[op.status ?? ''] ?? { verb: `ended (${op.status})`, severity: 'normal' as const };
  return {
    title: `${operationTitle(op)} ${ended.verb}`,
    description: op.summary ?? `${describeRef(op.target)}: ${ended.verb}.`,
    link: link(op.entityRef),
    severity: op.environment === 'prod' && ended.severity === 'high' ? 'critical' : ended.severity,
    topic: TOPIC,
    scope: `gsv-ops:operation:${op.id}`,
  };
}

export function approvalRequestedPayload(op: NotifiedOperation, link: OpsTabLink): NotificationPayload {
  return {
    title: `Approval requested: ${operationTitle(op)}`,
    description: `${op.initiatedBy} asks to run ${getRunbook(op.runbook)?.title ?? op.runbook} on ${describeRef(op.target)} in ${op.cluster} (${op.environment}).`,
    link: link(op.entityRef),
    severity: op.environment === 'prod' ? 'high' : 'normal',
    topic: TOPIC,
    scope: `gsv-ops:approval:${op.id}`,
  };
}

export function approvalDecidedPayload(
  input: { operation: NotifiedOperation; decision: 'approved' | 'rejected'; decidedBy: string; comment?: string },
  link: OpsTabLink,
): NotificationPayload {
  const { operation: op, decision, decidedBy, comment } = input;
  return {
    title: `${decision === 'approved' ? 'Approved' : 'Rejected'}: ${operationTitle(op)}`,
    description: `${decidedBy} ${decision} it${comment ? `: ${comment}` : '.'}`,
    link: link(op.entityRef),
    severity: decision === 'rejected' ? 'high' : 'normal',
    topic: TOPIC,
    scope: `gsv-ops:approval:${op.id}`,
  };
}

const SEVERITY: Record<Level, NotificationPayload['severity']> = {
  critical: 'critical',
  warning: 'high',
  unknown: 'normal',
  ok: 'low',
};

/** A condition of an entity; repeats (the next day, another replica) update the same notification. */
export function entityConditionPayload(entityRef: string, condition: EntityCondition, link: OpsTabLink): NotificationPayload {
  return {
    title: `${parseEntityRef(entityRef).name} (${condition.cluster}): ${condition.finding.reason}`,
    description: `Found by GSV Ops' daily check (${condition.finding.code}). Open the Ops tab for details and the runbook that helps.`,
    link: link(entityRef),
    severity: SEVERITY[condition.finding.level],
    topic: TOPIC,
    scope: `gsv-ops:condition:${entityRef}:${condition.key}`,
  };
}
