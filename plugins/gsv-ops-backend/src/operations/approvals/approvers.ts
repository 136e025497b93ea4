import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gsvOpsOperationApprovePermission } from '@gsv/plugin-gsv-ops-common';
import { principalOf } from '../records';
import type { StoredOperation } from '../store/types';

/** The groups a user belongs to (the ownership refs of their sign-in: user ref and group refs). */
export type GroupsOf = (credentials: BackstageCredentials) => Promise<string[]>;

/**
 * Why these credentials may not decide on this operation's approval, in one sentence; undefined when they may:
 * a user (not a service), not the requester, a member of the approval's group, with `gsv-ops.operation.approve` on
 * the operation's entity, who has not voted yet.
 */
export async function whyNotApprover(options: {
  op: StoredOperation;
  credentials: BackstageCredentials;
  permissions: PermissionsService;
  groupsOf: GroupsOf;
}): Promise<string | undefined> {
  const { op, credentials } = options;
  const approval = op.approval;
  if (!approval) return `Operation ${op.id} needs no approval`;
  if ((credentials.principal as { type?: string }).type !== 'user') return 'Only a person can approve an operation';
  const me = principalOf(credentials);
  if (me === op.initiatedBy) {
    return `You requested this operation; another member of ${approval.group} must ${approval.emergency ? 'review' : 'approve'} it`;
  }
  if (approval.votes.some(v => v.by === me)) return `You already decided on operation ${op.id}`;
  const [decision] = await options.permissions.authorize(
    [{ permission: gsvOpsOperationApprovePermission, resourceRef: op.entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    return `You are not allowed to approve operations on ${op.entityRef} (permission ${gsvOpsOperationApprovePermission.name})`;
  }
  const groups = await options.groupsOf(credentials);
  if (!groups.includes(approval.group)) {
    return `Approvals of this operation come from members of ${approval.group}; you are not one`;
  }
  return undefined;
}

/** "1 of 2 approvals from group:default/platform-team (by user:default/joe)". */
export function describeApprovals(approval: NonNullable<StoredOperation['approval']>): string {
  const approvers = approval.votes.filter(v => v.decision === 'approve').map(v => v.by);
  return `${approvers.length} of ${approval.required} approval${approval.required === 1 ? '' : 's'} from ${approval.group}${
    approvers.length ? ` (by ${approvers.join(', ')})` : ''
  }`;
}
