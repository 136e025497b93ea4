import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ApplicationView } from '@gsv/plugin-gsv-ops-common';
import { runbookTarget } from '../../lib/runbookLinks';
import { RunbookButton } from '../RunbookButton';
import type { ClusterSectionProps } from '../sectionProps';
import { ApplicationStatuses } from './ApplicationStatuses';
import { DeploymentHistoryTable } from './DeploymentHistoryTable';

const useStyles = makeStyles(theme => ({
  app: { padding: theme.spacing(2) },
  heading: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  actions: { display: 'flex', gap: theme.spacing(1) },
  name: { fontWeight: 500 },
  secondary: { color: theme.palette.text.secondary },
  list: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2.5) },
  subheading: { fontWeight: 500, margin: theme.spacing(2, 0, 0.5) },
}));

/** "project platform · apps/agent-registry · tracking main". */
const sourceText = (app: ApplicationView) =>
  [
    app.project && `project ${app.project}`,
    app.path,
    app.targetRevision && `tracking ${app.targetRevision}`,
  ]
    .filter(Boolean)
    .join(' · ');

/** What drifted: the resources out of sync and the application's conditions. */
const Drift = ({ app }: { app: ApplicationView }) => {
  const classes = useStyles();
  return (
    <>
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
    </>
  );
};

/** One Argo CD application: its source, Sync (and Promote when an environment comes before its overlay's), its statuses and messages, what drifted and its recent deployments. */
export const ApplicationSection = ({
  app,
  entityRef,
  cluster,
}: ClusterSectionProps & { app: ApplicationView }) => {
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
            {sourceText(app)}
          </Typography>
        </div>
        <div className={classes.actions}>
          {app.promotion && (
            <RunbookButton
              runbook="image-promote"
              entityRef={entityRef}
              target={runbookTarget(cluster, app, { ...app.promotion })}
              label={`Promote ${app.promotion.fromEnvironment} → ${app.promotion.toEnvironment}`}
              hideWhenDenied
            />
          )}
          <RunbookButton
            runbook="application-sync"
            entityRef={entityRef}
            target={runbookTarget(cluster, app)}
            emphasis={app.syncStatus === 'OutOfSync'}
            hideWhenDenied
          />
        </div>
      </div>
      <ApplicationStatuses app={app} />
      {app.healthMessage && app.healthStatus !== 'Healthy' && (
        <Typography variant="body2">{app.healthMessage}</Typography>
      )}
      {app.operationPhase && app.operationPhase !== 'Succeeded' && (
        <Typography variant="body2">
          Last operation {app.operationPhase.toLocaleLowerCase('en-US')}:{' '}
          {app.operationMessage}
        </Typography>
      )}
      <Drift app={app} />
      {app.history.length > 0 && (
        <>
          <Typography variant="subtitle2" className={classes.subheading}>
            Recent deployments
          </Typography>
          <DeploymentHistoryTable app={app} />
        </>
      )}
    </section>
  );
};
