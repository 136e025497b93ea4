import { Fragment, useEffect, useRef, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import KeyboardArrowDown from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRight from '@material-ui/icons/KeyboardArrowRight';
import type {
  ClusterOpsView,
  DeploymentView,
  HpaView,
  JobView,
  PodView,
} from '@gsv/plugin-gsv-ops-common';
import { worstFirst, worstLevel } from '@gsv/plugin-gsv-ops-common';
import { imageName, imageTag, plural } from '../../lib/format';
import { jobLevel } from '../../lib/statusLevels';
import type { RunbookTarget } from '../../lib/runbookLinks';
import { sectionAnchor } from '../../lib/summary';
import { LevelStatus } from '../LevelStatus';
import { PodTable } from '../PodTable';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';

const useStyles = makeStyles(theme => ({
  table: {
    '& > tbody > tr > td, & > thead > tr > th': {
      padding: theme.spacing(1, 1.5),
    },
  },
  expand: { width: 48, paddingRight: 0 },
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
  pods: {
    padding: theme.spacing(1, 2, 2, 7),
    background: theme.palette.background.default,
  },
  collapseCell: { padding: 0, borderBottom: 'none' },
  actions: {
    display: 'flex',
    gap: theme.spacing(1),
    justifyContent: 'flex-end',
    flexWrap: 'wrap',
  },
  subheading: { fontWeight: 500, margin: theme.spacing(3, 0, 1) },
}));

/** A word for the state of a deployment that says more than the level. */
export function deploymentState(deployment: DeploymentView): string {
  if (deployment.rollout.stalled) return 'Rollout stalled';
  if (deployment.desiredReplicas > 0 && deployment.readyReplicas === 0)
    return 'Unavailable';
  if (deployment.readyReplicas < deployment.desiredReplicas) return 'Degraded';
  if (deployment.rollout.inProgress) return 'Progressing';
  if (deployment.desiredReplicas === 0) return 'Scaled to zero';
  return 'Available';
}

/** "Complete", "In progress: 2/3 updated", "Stalled: 2/3 updated". */
export function rolloutText(deployment: DeploymentView): string {
  const updated = `${deployment.updatedReplicas}/${deployment.desiredReplicas} updated`;
  if (deployment.rollout.stalled) return `Stalled: ${updated}`;
  if (deployment.rollout.inProgress) return `In progress: ${updated}`;
  return 'Complete';
}

const Autoscaling = ({ hpa }: { hpa?: HpaView }) => {
  const classes = useStyles();
  if (!hpa) return <span className={classes.secondary}>none</span>;
  return (
    <Tooltip
      title={
        hpa.lastScaleTime
          ? `Last scaled ${new Date(hpa.lastScaleTime).toLocaleString()}`
          : ''
      }
    >
      <span>
        <Typography variant="body2" component="span">
          {hpa.currentReplicas} of {hpa.minReplicas}–{hpa.maxReplicas}
          {hpa.desiredReplicas !== hpa.currentReplicas &&
            ` → ${hpa.desiredReplicas}`}
          {hpa.scalingLimited && ' (at limit)'}
        </Typography>
        {hpa.metrics.length > 0 && (
          <Typography
            variant="caption"
            component="div"
            className={classes.secondary}
          >
            {hpa.metrics.join(' · ')}
          </Typography>
        )}
      </span>
    </Tooltip>
  );
};

const JobsTable = ({ jobs }: { jobs: JobView[] }) => {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Jobs">
      <TableHead>
        <TableRow>
          <TableCell>Status</TableCell>
          <TableCell>Job</TableCell>
          <TableCell>Started</TableCell>
          <TableCell>Finished</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {jobs.map(job => (
          <TableRow key={`${job.namespace}/${job.name}`}>
            <TableCell>
              <LevelStatus level={jobLevel(job.status)}>
                {job.status}
              </LevelStatus>
            </TableCell>
            <TableCell>{job.name}</TableCell>
            <TableCell className={classes.secondary}>
              <RelativeTime value={job.startTime} />
            </TableCell>
            <TableCell className={classes.secondary}>
              <RelativeTime
                value={job.completionTime}
                fallback={job.status === 'Running' ? 'running' : '—'}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** Pods that finished (jobs) are not "not ready": "2/2 ready, 3 completed", "3 completed". */
export function podsSummary(pods: PodView[]): string {
  const completed = pods.filter(
    p => p.status === 'Completed' || p.phase === 'Succeeded',
  ).length;
  const active = pods.length - completed;
  const ready = pods.filter(p => p.ready).length;
  const parts: string[] = [];
  if (active > 0) parts.push(`${ready}/${active} ready`);
  if (completed > 0) parts.push(`${completed} completed`);
  return parts.join(', ');
}

export interface DeploymentsCardProps {
  entityRef: string;
  cluster: ClusterOpsView;
}

/**
 * Health of the workloads: deployments with ready/desired, rollout, image tag, restarts and autoscaling; pods
 * (expandable, non-running first); other pods and jobs of the service.
 */
export const DeploymentsCard = ({
  entityRef,
  cluster,
}: DeploymentsCardProps) => {
  const classes = useStyles();
  const deployments = [...cluster.deployments].sort(
    worstFirst(
      d => d.level,
      (a, b) => a.name.localeCompare(b.name),
    ),
  );
  const key = (d: DeploymentView) => `${d.namespace}/${d.name}`;
  // Open the troubled deployments at first sight (at most two, so a big service still renders fast).
  const [open, setOpen] = useState<Set<string>>(
    () =>
      new Set(
        deployments
          .filter(d => d.level !== 'ok')
          .slice(0, 2)
          .map(key),
      ),
  );
  const [otherOpen, setOtherOpen] = useState(false);
  // A deployment that gets into trouble while the tab is open (live update) opens too, unless the user closed it.
  const closedByUser = useRef(new Set<string>());
  const troubled = deployments
    .filter(d => d.level !== 'ok')
    .slice(0, 2)
    .map(key)
    .join('|');
  useEffect(() => {
    const ids = troubled ? troubled.split('|') : [];
    const fresh = ids.filter(id => !closedByUser.current.has(id));
    if (fresh.length === 0) return;
    setOpen(current =>
      fresh.every(id => current.has(id))
        ? current
        : new Set([...current, ...fresh]),
    );
  }, [troubled]);
  const toggle = (id: string) =>
    setOpen(current => {
      const next = new Set(current);
      if (current.has(id)) closedByUser.current.add(id);
      else closedByUser.current.delete(id);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const target = (d: DeploymentView): RunbookTarget => ({
    cluster: cluster.cluster.name,
    environment: cluster.cluster.environment,
    namespace: d.namespace,
    name: d.name,
  });
  const totalPods =
    deployments.reduce((sum, d) => sum + d.pods.length, 0) +
    cluster.otherPods.length;

  return (
    <div id={sectionAnchor('workloads')}>
      <InfoCard
        title="Workloads"
        subheader={`${plural(deployments.length, 'workload')}, ${plural(
          totalPods,
          'pod',
        )} in ${cluster.cluster.name}`}
        noPadding
      >
        {deployments.length === 0 && cluster.otherPods.length === 0 ? (
          <Box p={2}>
            <Typography variant="body2">
              No deployments or pods of this service in {cluster.cluster.name}.
            </Typography>
          </Box>
        ) : (
          <Table className={classes.table} aria-label="Deployments">
            <TableHead>
              <TableRow>
                <TableCell className={classes.expand} />
                <TableCell>Status</TableCell>
                <TableCell>Workload</TableCell>
                <TableCell align="right">Ready</TableCell>
                <TableCell>Rollout</TableCell>
                <TableCell>Image</TableCell>
                <TableCell align="right">Restarts</TableCell>
                <TableCell>Autoscaling</TableCell>
                <TableCell align="right">Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {deployments.map(deployment => {
                const id = key(deployment);
                const expanded = open.has(id);
                return (
                  <Fragment key={id}>
                    <TableRow
                      data-testid="deployment-row"
                      data-name={deployment.name}
                    >
                      <TableCell className={classes.expand}>
                        <IconButton
                          size="small"
                          aria-label={`${expanded ? 'Hide' : 'Show'} pods of ${
                            deployment.name
                          }`}
                          aria-expanded={expanded}
                          onClick={() => toggle(id)}
                        >
                          {expanded ? (
                            <KeyboardArrowDown />
                          ) : (
                            <KeyboardArrowRight />
                          )}
                        </IconButton>
                      </TableCell>
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
                        <Typography
                          variant="caption"
                          className={classes.secondary}
                        >
                          {deployment.kind} · {deployment.namespace}
                          {deployment.revision &&
                            ` · revision ${deployment.revision}`}
                        </Typography>
                      </TableCell>
                      <TableCell align="right" data-testid="deployment-ready">
                        {deployment.readyReplicas}/{deployment.desiredReplicas}
                      </TableCell>
                      <TableCell>
                        <Tooltip title={deployment.rollout.message ?? ''}>
                          <span>{rolloutText(deployment)}</span>
                        </Tooltip>
                      </TableCell>
                      <TableCell>
                        {deployment.images.map(image => (
                          <Tooltip key={image} title={image}>
                            <span
                              className={classes.tag}
                              data-testid="image-tag"
                              aria-label={`${imageName(image)} ${imageTag(
                                image,
                              )}`}
                            >
                              {imageTag(image)}
                            </span>
                          </Tooltip>
                        ))}
                      </TableCell>
                      <TableCell align="right">{deployment.restarts}</TableCell>
                      <TableCell>
                        <Autoscaling hpa={deployment.hpa} />
                      </TableCell>
                      <TableCell align="right">
                        <div className={classes.actions}>
                          <RunbookButton
                            runbook="deployment-restart"
                            entityRef={entityRef}
                            target={target(deployment)}
                            hideWhenDenied
                          />
                          <RunbookButton
                            runbook="deployment-scale"
                            entityRef={entityRef}
                            target={{
                              ...target(deployment),
                              parameters: {
                                replicas: deployment.desiredReplicas,
                              },
                            }}
                            hideWhenDenied
                          />
                        </div>
                      </TableCell>
                    </TableRow>
                    <TableRow>
                      <TableCell colSpan={9} className={classes.collapseCell}>
                        <Collapse in={expanded} timeout="auto" unmountOnExit>
                          <div className={classes.pods}>
                            <PodTable
                              pods={deployment.pods}
                              aria-label={`Pods of ${deployment.name}`}
                            />
                          </div>
                        </Collapse>
                      </TableCell>
                    </TableRow>
                  </Fragment>
                );
              })}
              {cluster.otherPods.length > 0 && (
                <>
                  <TableRow>
                    <TableCell className={classes.expand}>
                      <IconButton
                        size="small"
                        aria-label={`${otherOpen ? 'Hide' : 'Show'} other pods`}
                        aria-expanded={otherOpen}
                        onClick={() => setOtherOpen(o => !o)}
                      >
                        {otherOpen ? (
                          <KeyboardArrowDown />
                        ) : (
                          <KeyboardArrowRight />
                        )}
                      </IconButton>
                    </TableCell>
                    <TableCell>
                      <LevelStatus
                        level={worstLevel(cluster.otherPods.map(p => p.level))}
                      >
                        {podsSummary(cluster.otherPods)}
                      </LevelStatus>
                    </TableCell>
                    <TableCell colSpan={7}>
                      <Typography variant="body2" className={classes.name}>
                        Other pods
                      </Typography>
                      <Typography
                        variant="caption"
                        className={classes.secondary}
                      >
                        Database instances, jobs and pods without a deployment
                      </Typography>
                    </TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell colSpan={9} className={classes.collapseCell}>
                      <Collapse in={otherOpen} timeout="auto" unmountOnExit>
                        <div className={classes.pods}>
                          <PodTable
                            pods={cluster.otherPods}
                            aria-label="Other pods"
                          />
                        </div>
                      </Collapse>
                    </TableCell>
                  </TableRow>
                </>
              )}
            </TableBody>
          </Table>
        )}
        {cluster.jobs.length > 0 && (
          <Box px={2} pb={2}>
            <Typography variant="subtitle2" className={classes.subheading}>
              Jobs
            </Typography>
            <JobsTable jobs={cluster.jobs} />
          </Box>
        )}
      </InfoCard>
    </div>
  );
};
