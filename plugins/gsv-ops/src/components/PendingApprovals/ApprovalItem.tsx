import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { getRunbook, type PendingApproval } from '@gsv/plugin-gsv-ops-common';
import { Caption } from '../Caption';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  item: {
    padding: theme.spacing(2),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  diff: {
    margin: theme.spacing(1, 0),
    padding: theme.spacing(1),
    maxHeight: 240,
    overflow: 'auto',
    fontSize: '0.8rem',
    background: theme.palette.background.default,
  },
  actions: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    flexWrap: 'wrap',
  },
}));

const name = (ref: string) => ref.replace(/^(user|group):default\//, '');

/** What waits and why: "1 of 2 approvals from platform-team, expires in 50 minutes". */
const Requirement = ({ item }: { item: PendingApproval }) => {
  const approval = item.operation.approval!;
  const approvals = approval.votes.filter(v => v.decision === 'approve');
  if (approval.emergency) {
    return (
      <Typography variant="body2">
        Ran under P1 incident {approval.emergency.incident} without waiting; a
        member of {name(approval.group)} reviews it afterwards.
      </Typography>
    );
  }
  return (
    <Typography variant="body2">
      {approvals.length} of {approval.required} approval
      {approval.required === 1 ? '' : 's'} from {name(approval.group)}
      {approvals.length > 0 &&
        ` (${approvals.map(v => name(v.by)).join(', ')})`}
      {' · '}
      <RelativeTime value={approval.expiresAt} prefix="expires" />
    </Typography>
  );
};

/** One operation waiting for a decision: what, by whom, the reviewed diff, and approve/reject for those who may. */
export const ApprovalItem = ({
  item,
  onDecide,
}: {
  item: PendingApproval;
  onDecide: (decision: 'approve' | 'reject', comment?: string) => Promise<void>;
}) => {
  const classes = useStyles();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const op = item.operation;
  const emergency = Boolean(op.approval?.emergency);
  const title = getRunbook(op.runbook)?.title ?? op.runbook;
  const diff = item.plan
    .map(step => step.detail?.diff)
    .filter(Boolean)
    .join('\n');
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      await onDecide(decision, comment.trim() || undefined);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className={classes.item} data-testid="pending-approval">
      <Typography variant="subtitle2">
        {title}: {op.target.kind}{' '}
        {op.target.namespace ? `${op.target.namespace}/` : ''}
        {op.target.name} in {op.cluster} ({op.environment})
      </Typography>
      <Caption>
        Requested by {name(op.initiatedBy)}{' '}
        <RelativeTime value={op.createdAt} />
        {op.reviewedDryRunId && ` · reviewed as dry run ${op.reviewedDryRunId}`}
      </Caption>
      <Requirement item={item} />
      {diff ? (
        <pre className={classes.diff} aria-label="Reviewed plan">
          {diff}
        </pre>
      ) : (
        <Caption>The reviewed plan changes nothing.</Caption>
      )}
      {item.canDecide ? (
        <Box className={classes.actions}>
          <TextField
            id={`approval-comment-${op.id}`}
            size="small"
            variant="outlined"
            label="Comment (optional)"
            value={comment}
            onChange={e => setComment(e.target.value)}
            inputProps={{ maxLength: 1000 }}
          />
          <Button
            variant="contained"
            color="primary"
            disabled={busy}
            onClick={() => decide('approve')}
          >
            {emergency ? 'Mark reviewed' : 'Approve and run'}
          </Button>
          <Button
            variant="outlined"
            disabled={busy}
            onClick={() => decide('reject')}
          >
            {emergency ? 'Flag' : 'Reject'}
          </Button>
        </Box>
      ) : (
        <Caption>{item.whyNot}</Caption>
      )}
      {error && (
        <Typography variant="body2" color="error" role="alert">
          {error}
        </Typography>
      )}
    </div>
  );
};
