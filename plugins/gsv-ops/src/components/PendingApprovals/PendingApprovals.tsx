import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { usePendingApprovals } from '../../hooks/usePendingApprovals';
import { ApprovalItem } from './ApprovalItem';

export interface PendingApprovalsProps {
  entityRef: string;
  /** Refetch when this changes. */
  refreshKey?: string;
}

/**
 * Operations on the service that wait for approval, or for a review after a P1 run, with the plan their requester
 * reviewed. A grid item of the Ops tab, shown only when there is one; approve/reject only to those who may.
 */
export const PendingApprovals = ({
  entityRef,
  refreshKey,
}: PendingApprovalsProps) => {
  const { items, error, decide } = usePendingApprovals(entityRef, refreshKey);
  if (error) {
    return (
      <Grid item xs={12}>
        <InfoCard title="Waiting for approval">
          <Typography variant="body2" color="textSecondary">
            The approvals could not be loaded: {error.message}
          </Typography>
        </InfoCard>
      </Grid>
    );
  }
  if (!items || items.length === 0) return null;
  return (
    <Grid item xs={12}>
      <InfoCard
        title="Waiting for approval"
        subheader="Operations that run once approved, and P1 runs to review"
        noPadding
      >
        {items.map(item => (
          <ApprovalItem
            key={item.operation.id}
            item={item}
            onDecide={(decision, comment) =>
              decide(item.operation.id, decision, comment)
            }
          />
        ))}
      </InfoCard>
    </Grid>
  );
};
