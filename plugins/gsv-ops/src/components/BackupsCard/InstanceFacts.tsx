import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { DatabaseView } from '@gsv/plugin-gsv-ops-common';
import { instancesText } from '../../lib/backups';
import { walArchiving } from '../../lib/statusLevels';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { Fact } from './Fact';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
}));

/** The CNPG cluster itself: its state, its instances, the primary and WAL archiving. */
export const InstanceFacts = ({ database }: { database: DatabaseView }) => {
  const classes = useStyles();
  const wal = walArchiving(database.walArchiving.status);
  return (
    <>
      <Fact term="State">
        <LevelStatus level={database.healthy ? 'ok' : 'critical'} wrap>
          {database.phase}
        </LevelStatus>
        {database.phaseReason && <Caption>{database.phaseReason}</Caption>}
      </Fact>
      <Fact term="Instances">
        <LevelStatus
          level={
            database.readyInstances < database.instances ? 'warning' : 'ok'
          }
        >
          {database.readyInstances}/{database.instances} ready
        </LevelStatus>
        {database.instanceStatuses.length > 0 && (
          <Caption>{instancesText(database)}</Caption>
        )}
      </Fact>
      <Fact term="Primary">
        <Typography variant="body2">
          {database.currentPrimary ?? 'none'}
        </Typography>
        {database.switchoverInProgress && (
          <Typography variant="caption" className={classes.secondary}>
            switching over to {database.targetPrimary}
          </Typography>
        )}
      </Fact>
      <Fact term="WAL archiving">
        <LevelStatus level={wal.level}>{wal.text}</LevelStatus>
        {database.walArchiving.status !== 'ok' &&
          database.walArchiving.message && (
            <Caption>{database.walArchiving.message}</Caption>
          )}
      </Fact>
    </>
  );
};
