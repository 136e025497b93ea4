import type { Finding, OperationRecord } from '@gsv/plugin-gsv-ops-common';

/** What a notification about an operation needs to know about it. */
export type NotifiedOperation = Pick<
  OperationRecord,
  'id' | 'runbook' | 'entityRef' | 'cluster' | 'environment' | 'target' | 'initiatedBy'
> &
  Partial<Pick<OperationRecord, 'status' | 'summary' | 'dryRun'>>;

/** A condition of an entity its owners hear about once a day while it lasts (see `conditions.ts`). */
export interface EntityCondition {
  /** Stable while the condition lasts, e.g. `gsv-prod:certificate:cmp/agent-registry-tls:expiring`. */
  key: string;
  cluster: string;
  finding: Finding;
}

/**
 * Everything GSV Ops tells people through Backstage's notifications. Implementations never throw: a notification
 * that cannot be sent is logged, and the operation or check that caused it goes on.
 */
export interface OpsNotifier {
  /** A real run ended (dry runs are ignored): tells the requester. */
  operationEnded(operation: NotifiedOperation): Promise<void>;
  /** An operation waits for approval: tells the approvers (users or groups). */
  approvalRequested(input: { operation: NotifiedOperation; approverRefs: string[] }): Promise<void>;
  /** Someone approved or rejected an operation: tells the requester. */
  approvalDecided(input: {
    operation: NotifiedOperation;
    decision: 'approved' | 'rejected';
    decidedBy: string;
    requester: string;
    comment?: string;
  }): Promise<void>;
  /** A condition of an entity needs its owners' attention. */
  entityCondition(input: { entityRef: string; owners: string[]; condition: EntityCondition }): Promise<void>;
}

/** The notifier of a backend without the notifications plugin: sends nothing. */
export const noopOpsNotifier: OpsNotifier = {
  async operationEnded() {},
  async approvalRequested() {},
  async approvalDecided() {},
  async entityCondition() {},
};
