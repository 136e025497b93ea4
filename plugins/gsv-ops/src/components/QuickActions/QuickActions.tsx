import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ClusterOpsView } from '@gsv/plugin-gsv-ops-common';
import { quickActionsFor } from '../../lib/quickActions';
import {
  missingRunbookPermissions,
  useRunbookPermissions,
} from '../../hooks/useRunbookPermissions';
import { MissingPermissionsNote, RunbookButton } from '../RunbookButton';

const useStyles = makeStyles(theme => ({
  list: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1) },
  note: { color: theme.palette.text.secondary, marginTop: theme.spacing(2) },
}));

export interface QuickActionsProps {
  entityRef: string;
  cluster: ClusterOpsView;
  /** The entity's annotations (`gsv.io/worker-deployment` adds "Scale workers"). */
  annotations?: Record<string, string>;
}

/**
 * The runbooks that fit what the tab shows, prefilled for this service's objects in the shown cluster; the ones
 * that address a problem come first. Each is gated by the runbook's permission; the card says which are missing.
 */
export const QuickActions = ({
  entityRef,
  cluster,
  annotations,
}: QuickActionsProps) => {
  const classes = useStyles();
  const actions = quickActionsFor(cluster, annotations);
  const permissions = useRunbookPermissions(entityRef);
  const production = cluster.cluster.environment === 'prod';
  const missing = missingRunbookPermissions(
    permissions,
    actions.map(a => a.runbook),
  );
  const productionMissing =
    !permissions.loading && production && !permissions.production;

  return (
    <InfoCard
      title="Quick actions"
      subheader={`Runbooks for ${cluster.cluster.name}, filled in for this service`}
      variant="fullHeight"
    >
      {actions.length === 0 ? (
        <Typography variant="body2">
          No runbook applies to what this service runs in {cluster.cluster.name}
          .
        </Typography>
      ) : (
        <div className={classes.list}>
          {actions.map(action => (
            <RunbookButton
              key={`${action.runbook}:${action.target.namespace}/${action.target.name}`}
              runbook={action.runbook}
              entityRef={entityRef}
              target={action.target}
              label={action.label}
              emphasis={action.emphasis}
              fullWidth
            />
          ))}
        </div>
      )}
      <MissingPermissionsNote
        missing={missing}
        productionMissing={productionMissing}
        data-testid="quick-actions-denied"
      />
      <Typography variant="caption" component="p" className={classes.note}>
        Each action opens its runbook form with the target filled in; nothing
        changes until you submit it.
      </Typography>
    </InfoCard>
  );
};
