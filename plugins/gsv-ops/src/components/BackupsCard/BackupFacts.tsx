import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { DatabaseView } from '@gsv/plugin-gsv-ops-common';
import { useCurrentTime } from '../../hooks/useCurrentTime';
import { backupAgeText, levelOfFindings } from '../../lib/backups';
import {
  formatDateTime,
  formatDuration,
  formatRelative,
} from '../../lib/format';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { Fact } from './Fact';

interface DatabaseProps {
  database: DatabaseView;
}

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
}));

const LastSuccessfulBackup = ({ database }: DatabaseProps) => {
  const last = database.lastSuccessfulBackup;
  if (!last && database.lastSuccessfulBackupAgeSeconds === undefined) {
    return <LevelStatus level="critical">No successful backup</LevelStatus>;
  }
  return (
    <>
      <LevelStatus
        level={levelOfFindings(database, 'backup.stale')}
        title={formatDateTime(last?.stoppedAt)}
        wrap
      >
        <span data-testid="last-backup-age">{backupAgeText(database)}</span>
      </LevelStatus>
      {last && <Caption>{last.name}</Caption>}
    </>
  );
};

const LastFailedBackup = ({ database }: DatabaseProps) => {
  const classes = useStyles();
  const now = useCurrentTime();
  const failed = database.lastFailedBackup;
  if (!failed) {
    return (
      <Typography variant="body2" className={classes.secondary}>
        none
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2">
        {formatRelative(failed.stoppedAt ?? failed.startedAt, now) ?? '—'}
      </Typography>
      {failed.error && <Caption>{failed.error}</Caption>}
    </>
  );
};

/** The first point in time the database can be restored to, and how long a window that is. */
const RecoveryWindow = ({ database }: DatabaseProps) => {
  const classes = useStyles();
  const now = useCurrentTime();
  const recovery = database.recoveryWindow;
  if (!recovery?.firstRecoverabilityPoint) {
    return (
      <Typography variant="body2" className={classes.secondary}>
        unknown
      </Typography>
    );
  }
  const first = recovery.firstRecoverabilityPoint;
  return (
    <>
      <Typography variant="body2">{formatDateTime(first)}</Typography>
      <Typography variant="caption" className={classes.secondary}>
        a window of {formatDuration((now - Date.parse(first)) / 1000)} · object
        store {recovery.objectStore}
      </Typography>
    </>
  );
};

/** When the next backup runs, and each schedule: its cron, whether it is suspended, its error. */
const NextScheduledBackup = ({ database }: DatabaseProps) => {
  const schedules = database.scheduledBackups;
  return (
    <>
      {database.nextBackupTime && (
        <Typography variant="body2" data-testid="next-backup">
          <RelativeTime value={database.nextBackupTime} />
        </Typography>
      )}
      {schedules.length === 0 ? (
        <LevelStatus level="warning">No schedule</LevelStatus>
      ) : (
        schedules.map(schedule => (
          <div key={schedule.name}>
            {(schedule.suspended || !database.nextBackupTime) && (
              <Typography variant="body2">
                {schedule.suspended ? (
                  'Suspended'
                ) : (
                  <RelativeTime
                    value={schedule.nextScheduleTime}
                    fallback="not planned"
                  />
                )}
              </Typography>
            )}
            <Caption>
              {schedule.name} · <code>{schedule.schedule}</code>
              {schedule.suspended && database.nextBackupTime && ' (suspended)'}
            </Caption>
            {schedule.error && (
              <LevelStatus level="warning" wrap>
                {schedule.error}
              </LevelStatus>
            )}
          </div>
        ))
      )}
    </>
  );
};

const FACTS = [
  { term: 'Last successful backup', Detail: LastSuccessfulBackup },
  { term: 'Last failed backup', Detail: LastFailedBackup },
  { term: 'Recoverable from', Detail: RecoveryWindow },
  { term: 'Next scheduled backup', Detail: NextScheduledBackup },
];

/** The backups of a database: the last good and the last failed one, the recovery window and the schedule. */
export const BackupFacts = ({ database }: DatabaseProps) => (
  <>
    {FACTS.map(({ term, Detail }) => (
      <Fact key={term} term={term}>
        <Detail database={database} />
      </Fact>
    ))}
  </>
);
