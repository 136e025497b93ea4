import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { DeploymentView } from '@gsv/plugin-gsv-ops-common';
import { imageName, imageTag } from '../../lib/format';
import { runbookTarget } from '../../lib/runbookLinks';
import { scaleAction } from '../../lib/scaleAction';
import { deploymentState, rolloutText } from '../../lib/workloads';
import { LevelStatus } from '../LevelStatus';
import { RunbookButton } from '../RunbookButton';
import type { ClusterSectionProps } from '../sectionProps';
import { Autoscaling } from './Autoscaling';
import { ExpandCell, PodsRow } from './ExpandablePods';

const useStyles = makeStyles(theme => ({
  name: { fontWeight: 500 },
  secondary: { color: theme.palette.text.secondary },
  tag: {
    display: 'inline-block',
    fontFamily: 'monospace',
    fontSize: '0.85rem',
    padding: theme.spacing(0.25, 0.75),
    borderRadius: theme.shape.borderRadius,
    background: theme.palette.action.selected,
    marginRight: theme.spacing(0.5),
  },
  nowrap: { whiteSpace: 'nowrap' },
  actions: {
    display: 'flex',
    gap: theme.spacing(1),
    justifyContent: 'flex-end',
    flexWrap: 'wrap',
  },
}));

/** The image tags a deployment runs, the full reference on hover. */
const ImageTags = ({ images }: { images: string[] }) => {
  const classes = useStyles();
  return (
    <>
      {images.map(image => (
        <Tooltip key={image} title={image}>
          <span
            className={classes.tag}
            data-testid="image-tag"
            aria-label={`${imageName(image)} ${imageTag(image)}`}
          >
            {imageTag(image)}
          </span>
        </Tooltip>
      ))}
    </>
  );
};

/**
 * Restart, Scale (of the HPA's bounds when one manages it) with the current values, Rollout strategy (Deployments
 * only: StatefulSets and DaemonSets have no maxSurge/maxUnavailable to set), and Migrate (database migrations, plan
 * first) when the service has a database; hidden when denied.
 */
const DeploymentActions = ({
  deployment,
  entityRef,
  cluster,
}: ClusterSectionProps & { deployment: DeploymentView }) => {
  const classes = useStyles();
  return (
    <div className={classes.actions}>
      <RunbookButton
        runbook="deployment-restart"
        entityRef={entityRef}
        target={runbookTarget(cluster, deployment)}
        hideWhenDenied
      />
      <RunbookButton
        {...scaleAction(cluster, deployment)}
        label="Scale"
        entityRef={entityRef}
        hideWhenDenied
      />
      {deployment.kind === 'Deployment' && (
        <RunbookButton
          runbook="deployment-rollout-strategy"
          entityRef={entityRef}
          target={runbookTarget(cluster, deployment)}
          hideWhenDenied
        />
      )}
      {cluster.databases.length > 0 && (
        <RunbookButton
          runbook="database-migrate"
          entityRef={entityRef}
          target={runbookTarget(cluster, deployment, { mode: 'plan' })}
          hideWhenDenied
        />
      )}
      <RunbookButton
        runbook="service-diagnostics"
        entityRef={entityRef}
        target={runbookTarget(cluster, deployment)}
        hideWhenDenied
      />
    </div>
  );
};

export interface DeploymentRowProps extends ClusterSectionProps {
  deployment: DeploymentView;
  expanded: boolean;
  onToggle: () => void;
}

/** A deployment's row (state, ready/desired, rollout, images, restarts, autoscaling, actions) and its pods under it. */
export const DeploymentRow = ({
  deployment,
  expanded,
  onToggle,
  ...section
}: DeploymentRowProps) => {
  const classes = useStyles();
  return (
    <>
      <TableRow data-testid="deployment-row" data-name={deployment.name}>
        <ExpandCell
          expanded={expanded}
          onToggle={onToggle}
          what={`pods of ${deployment.name}`}
        />
        <TableCell>
          <LevelStatus
            level={deployment.level}
            title={deployment.rollout.message}
          >
            {deploymentState(deployment)}
          </LevelStatus>
        </TableCell>
        <TableCell>
          <Typography variant="body2" className={classes.name}>
            {deployment.name}
          </Typography>
          <Typography variant="caption" className={classes.secondary}>
            {deployment.kind} · {deployment.namespace}
            {deployment.revision && ` · revision ${deployment.revision}`}
          </Typography>
        </TableCell>
        <TableCell
          align="right"
          data-testid="deployment-ready"
          className={classes.nowrap}
        >
          {deployment.readyReplicas}/{deployment.desiredReplicas}
        </TableCell>
        <TableCell className={classes.nowrap}>
          <Tooltip title={deployment.rollout.message ?? ''}>
            <span>{rolloutText(deployment)}</span>
          </Tooltip>
        </TableCell>
        <TableCell className={classes.nowrap}>
          <ImageTags images={deployment.images} />
        </TableCell>
        <TableCell align="right">{deployment.restarts}</TableCell>
        <TableCell className={classes.nowrap}>
          <Autoscaling hpa={deployment.hpa} />
        </TableCell>
        <TableCell align="right">
          <DeploymentActions deployment={deployment} {...section} />
        </TableCell>
      </TableRow>
      <PodsRow
        expanded={expanded}
        pods={deployment.pods}
        label={`Pods of ${deployment.name}`}
      />
    </>
  );
};
