import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ApplicationView,
  ClusterOpsView,
} from '@gsv/plugin-gsv-ops-common';
import { formatDuration, shortRevision } from '../../lib/format';
import { runbookTarget } from '../../lib/runbookLinks';
import { argoHealthLevel, argoSyncLevel } from '../../lib/statusLevels';
import { sectionAnchor } from '../../lib/summary';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';

const useStyles = makeStyles(theme => ({
  app: { padding: theme.spacing(2) },
  heading: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  name: { fontWeight: 500 },
  statuses: {
    display: 'flex',
    gap: theme.spacing(3),
    flexWrap: 'wrap',
    margin: theme.spacing(1.5, 0),
  },
  secondary: { color: theme.palette.text.secondary },
  mono: { fontFamily: 'monospace', fontSize: '0.85rem' },
  list: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2.5) },
  table: { '& td, & th': { padding: theme.spacing(0.75, 1.5) } },
  subheading: { fontWeight: 500, margin: theme.spacing(2, 0, 0.5) },
}));

const Application = ({
  app,
  entityRef,
  cluster,
}: {
  app: ApplicationView;
  entityRef: string;
  cluster: ClusterOpsView;
}) => {
  const classes = useStyles();
  return (
    <section
      className={classes.app}
      data-testid="application"
      aria-label={`Argo CD application ${app.name}`}
    >
      <div className={classes.heading}>
        <div>
          <Typography variant="body1" className={classes.name}>
            {app.name}
          </Typography>
          <Typography variant="caption" className={classes.secondary}>
            {[
              app.project && `project ${app.project}`,
              app.path,
              app.targetRevision && `tracking ${app.targetRevision}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
        </div>
        <RunbookButton
          runbook="application-sync"
          entityRef={entityRef}
          target={runbookTarget(cluster, app)}
          emphasis={app.syncStatus === 'OutOfSync'}
          hideWhenDenied
        />
      </div>
      <div className={classes.statuses}>
        <div>
          <Typography
            variant="caption"
            className={classes.secondary}
            component="div"
          >
            Sync
          </Typography>
          <LevelStatus level={argoSyncLevel(app.syncStatus)} size="medium">
            <span data-testid="sync-status">{app.syncStatus}</span>
          </LevelStatus>
        </div>
        <div>
          <Typography
            variant="caption"
            className={classes.secondary}
            component="div"
          >
            Health
          </Typography>
          <LevelStatus
            level={argoHealthLevel(app.healthStatus)}
            size="medium"
            title={app.healthMessage}
          >
            <span data-testid="health-status">{app.healthStatus}</span>
          </LevelStatus>
        </div>
        <div>
          <Typography
            variant="caption"
            className={classes.secondary}
            component="div"
          >
            Revision
          </Typography>
          <Typography
            variant="body1"
            className={classes.mono}
            title={app.revision}
          >
            {shortRevision(app.revision) ?? '—'}
          </Typography>
        </div>
        <div>
          <Typography
            variant="caption"
            className={classes.secondary}
            component="div"
          >
            Last sync
          </Typography>
          <Typography variant="body1">
            <RelativeTime value={app.lastSyncedAt} fallback="never" />
          </Typography>
        </div>
      </div>
      {app.healthMessage && app.healthStatus !== 'Healthy' && (
        <Typography variant="body2">{app.healthMessage}</Typography>
      )}
      {app.operationPhase && app.operationPhase !== 'Succeeded' && (
        <Typography variant="body2">
          Last operation {app.operationPhase.toLocaleLowerCase('en-US')}:{' '}
          {app.operationMessage}
        </Typography>
      )}
      {app.outOfSyncResources.length > 0 && (
        <>
          <Typography variant="subtitle2" className={classes.subheading}>
            Out of sync
          </Typography>
          <ul className={classes.list}>
            {app.outOfSyncResources.map(resource => (
              <li
                key={`${resource.kind}/${resource.namespace}/${resource.name}`}
              >
                <Typography variant="body2">
                  {resource.kind}{' '}
                  {resource.namespace ? `${resource.namespace}/` : ''}
                  {resource.name}
                </Typography>
              </li>
            ))}
          </ul>
        </>
      )}
      {app.conditions.length > 0 && (
        <ul className={classes.list}>
          {app.conditions.map((condition, i) => (
            <li key={`${condition.type}-${i}`}>
              <Typography variant="body2">
                <strong>{condition.type}</strong>: {condition.message}
              </Typography>
            </li>
          ))}
        </ul>
      )}
      {app.history.length > 0 && (
        <>
          <Typography variant="subtitle2" className={classes.subheading}>
            Recent deployments
          </Typography>
          <Table
            size="small"
            className={classes.table}
            aria-label={`Deployment history of ${app.name}`}
          >
            <TableHead>
              <TableRow>
                <TableCell>Revision</TableCell>
                <TableCell>Deployed</TableCell>
                <TableCell align="right">Took</TableCell>
                <TableCell>By</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {app.history.slice(0, 5).map(entry => (
                <TableRow key={entry.id}>
                  <TableCell className={classes.mono} title={entry.revision}>
                    {shortRevision(entry.revision) ?? '—'}
                  </TableCell>
                  <TableCell>
                    <RelativeTime value={entry.deployedAt} />
                  </TableCell>
                  <TableCell align="right">
                    {entry.deployedAt && entry.deployStartedAt
                      ? formatDuration(
                          (Date.parse(entry.deployedAt) -
                            Date.parse(entry.deployStartedAt)) /
                            1000,
                        )
                      : '—'}
                  </TableCell>
                  <TableCell>{entry.initiatedBy ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
};

export interface GitOpsCardProps {
  entityRef: string;
  cluster: ClusterOpsView;
}

/** The Argo CD application(s) of the service: sync and health, revision, last sync, what drifted, recent history. */
export const GitOpsCard = ({ entityRef, cluster }: GitOpsCardProps) => (
  <div id={sectionAnchor('gitops')} style={{ height: '100%' }}>
    <InfoCard title="GitOps" subheader="Argo CD" noPadding variant="fullHeight">
      {cluster.applications.length === 0 ? (
        <Box p={2}>
          <Typography variant="body2">
            No Argo CD application. Name it in the <code>argocd/app-name</code>{' '}
            annotation to see its sync state.
          </Typography>
        </Box>
      ) : (
        cluster.applications.map((app, index) => (
          <div key={`${app.namespace}/${app.name}`}>
            {index > 0 && <Divider />}
            <Application app={app} entityRef={entityRef} cluster={cluster} />
          </div>
        ))
      )}
    </InfoCard>
  </div>
);
