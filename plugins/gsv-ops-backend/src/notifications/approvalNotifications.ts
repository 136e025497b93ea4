import type { ApprovalListener } from '../operations/approvals/ApprovalFlow';
import type { OpsNotifier } from './OpsNotifier';

/**
 * Approvals as notifications: a request tells the approval's group; the decision that settles it (the last approval
 * needed, or a rejection) tells the requester. The review after a P1 run tells nobody: the requester saw it run.
 */
export function approvalNotifications(notifier: OpsNotifier): ApprovalListener {
  return {
    async approvalRequested(operation) {
      if (!operation.approval) return;
      await notifier.approvalRequested({ operation, approverRefs: [operation.approval.group] });
    },
    async approvalDecided(operation, { by, decision, final }) {
      if (!final || !operation.approval || operation.approval.emergency) return;
      const vote = operation.approval.votes.find(v => v.by === by);
      await notifier.approvalDecided({
        operation,
        decision: decision === 'approve' ? 'approved' : 'rejected',
        decidedBy: by,
        requester: operation.initiatedBy,
        ...(vote?.comment ? { comment: vote.comment } : {}),
      });
    },
  };
}
