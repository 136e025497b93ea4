import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ApplicationView } from '@gsv/plugin-gsv-ops-common';
import { shortRevision } from '../../lib/format';
import { argoHealthLevel, argoSyncLevel } from '../../lib/statusLevels';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  statuses: {
    display: 'flex',
    gap: theme.spacing(3),
    flexWrap: 'wrap',
    margin: theme.spacing(1.5, 0),
  },
  mono: { fontFamily: 'monospace', fontSize: '0.85rem' },
}));

const Labelled = ({
  label,
  children,
}: {
  label: string;
  children: ReactNode;
}) => (
  <div>
    <Caption>{label}</Caption>
    {children}
  </div>
);

/** An application's sync and health (icon and words), the revision deployed and when it last synced. */
export const ApplicationStatuses = ({ app }: { app: ApplicationView }) => {
  const classes = useStyles();
  return (
    <div className={classes.statuses}>
      <Labelled label="Sync">
        <LevelStatus level={argoSyncLevel(app.syncStatus)} size="medium">
          <span data-testid="sync-status">{app.syncStatus}</span>
        </LevelStatus>
      </Labelled>
      <Labelled label="Health">
        <LevelStatus
          level={argoHealthLevel(app.healthStatus)}
          size="medium"
          title={app.healthMessage}
        >
          <span data-testid="health-status">{app.healthStatus}</span>
        </LevelStatus>
      </Labelled>
      <Labelled label="Revision">
        <Typography
          variant="body1"
          className={classes.mono}
          title={app.revision}
        >
          {shortRevision(app.revision) ?? '—'}
        </Typography>
      </Labelled>
      <Labelled label="Last sync">
        <Typography variant="body1">
          <RelativeTime value={app.lastSyncedAt} fallback="never" />
        </Typography>
      </Labelled>
    </div>
  );
};
