import { ReactNode, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  BackupView,
  ClusterOpsView,
  DatabaseView,
} from '@gsv/plugin-gsv-ops-common';
import {
  backupAgeText,
  backupLevel,
  backupOriginText,
  instancesText,
  levelOfFindings,
} from '../../lib/backups';
import {
  formatDateTime,
  formatDuration,
  formatRelative,
} from '../../lib/format';
import { runbookTarget } from '../../lib/runbookLinks';
import { walArchiving } from '../../lib/statusLevels';
import { sectionAnchor } from '../../lib/summary';
import { useCurrentTime } from '../../hooks/useCurrentTime';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';

const useStyles = makeStyles(theme => ({
  database: { padding: theme.spacing(2) },
  heading: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  title: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1.5),
    flexWrap: 'wrap',
  },
  name: { fontWeight: 500 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: theme.spacing(2, 3),
    margin: 0,
  },
  fact: { margin: 0, minWidth: 0 },
  term: {
    color: theme.palette.text.secondary,
    fontSize: theme.typography.caption.fontSize,
    textTransform: 'uppercase',
    letterSpacing: '0.04em',
    marginBottom: theme.spacing(0.5),
  },
  secondary: { color: theme.palette.text.secondary },
  detail: { margin: 0, overflowWrap: 'anywhere' },
  table: { '& td, & th': { padding: theme.spacing(0.75, 1.5) } },
  error: { maxWidth: 480, overflowWrap: 'anywhere' },
  subheading: { fontWeight: 500, margin: theme.spacing(3, 0, 1) },
  actions: { display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' },
}));

const Fact = ({ term, children }: { term: string; children: ReactNode }) => {
  const classes = useStyles();
  return (
    <div className={classes.fact}>
      <dt className={classes.term}>{term}</dt>
      <dd className={classes.detail}>{children}</dd>
    </div>
  );
};

const RecentBackups = ({ backups }: { backups: BackupView[] }) => {
  const classes = useStyles();
  const [showAll, setShowAll] = useState(false);
  const limit = 8;
  const shown = showAll ? backups : backups.slice(0, limit);
  if (backups.length === 0) {
    return (
      <Typography variant="body2" className={classes.secondary}>
        No backups yet.
      </Typography>
    );
  }
  return (
    <>
      <Table size="small" className={classes.table} aria-label="Recent backups">
        <TableHead>
          <TableRow>
            <TableCell>Phase</TableCell>
            <TableCell>Backup</TableCell>
            <TableCell>Started</TableCell>
            <TableCell align="right">Duration</TableCell>
            <TableCell>Error</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map(backup => (
            <TableRow
              key={`${backup.namespace}/${backup.name}`}
              data-testid="backup-row"
            >
              <TableCell>
                <LevelStatus level={backupLevel(backup)}>
                  {backup.phase}
                </LevelStatus>
              </TableCell>
              <TableCell>
                <Typography variant="body2">{backup.name}</Typography>
                <Typography variant="caption" className={classes.secondary}>
                  {backupOriginText(backup)}
                </Typography>
              </TableCell>
              <TableCell>
                <RelativeTime value={backup.startedAt ?? backup.createdAt} />
              </TableCell>
              <TableCell align="right">
                {formatDuration(backup.durationSeconds) ?? '—'}
              </TableCell>
              <TableCell className={classes.error}>
                {backup.error ?? ''}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {backups.length > limit && (
        <Button
          size="small"
          color="primary"
          onClick={() => setShowAll(s => !s)}
        >
          {showAll
            ? 'Show fewer backups'
            : `Show all ${backups.length} backups`}
        </Button>
      )}
    </>
  );
};

const Database = ({
  database,
  entityRef,
  cluster,
}: {
  database: DatabaseView;
  entityRef: string;
  cluster: ClusterOpsView;
}) => {
  const classes = useStyles();
  const now = useCurrentTime();
  const schedules = database.scheduledBackups;
  const recovery = database.recoveryWindow;
  return (
    <section
      className={classes.database}
      data-testid="database"
      aria-label={`Database ${database.name}`}
    >
      <div className={classes.heading}>
        <div className={classes.title}>
          <Typography variant="h6" component="h3" className={classes.name}>
            {database.name}
          </Typography>
          <Typography variant="body2" className={classes.secondary}>
            CloudNativePG cluster · {database.namespace}
            {database.image && ` · ${database.image.split('/').pop()}`}
          </Typography>
        </div>
        <div className={classes.actions}>
          <RunbookButton
            runbook="database-backup"
            entityRef={entityRef}
            target={runbookTarget(cluster, database)}
            emphasis={database.level !== 'ok'}
            hideWhenDenied
          />
        </div>
      </div>
      <dl className={classes.facts}>
        <Fact term="State">
          <LevelStatus level={database.healthy ? 'ok' : 'critical'} wrap>
            {database.phase}
          </LevelStatus>
          {database.phaseReason && (
            <Typography
              variant="caption"
              component="div"
              className={classes.secondary}
            >
              {database.phaseReason}
            </Typography>
          )}
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
            <Typography
              variant="caption"
              component="div"
              className={classes.secondary}
            >
              {instancesText(database)}
            </Typography>
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
          <LevelStatus level={walArchiving(database.walArchiving.status).level}>
            {walArchiving(database.walArchiving.status).text}
          </LevelStatus>
          {database.walArchiving.status !== 'ok' &&
            database.walArchiving.message && (
              <Typography
                variant="caption"
                component="div"
                className={classes.secondary}
              >
                {database.walArchiving.message}
              </Typography>
            )}
        </Fact>
        <Fact term="Last successful backup">
          {database.lastSuccessfulBackup ||
          database.lastSuccessfulBackupAgeSeconds !== undefined ? (
            <>
              <LevelStatus
                level={levelOfFindings(database, 'backup.stale')}
                title={formatDateTime(database.lastSuccessfulBackup?.stoppedAt)}
                wrap
              >
                <span data-testid="last-backup-age">
                  {backupAgeText(database)}
                </span>
              </LevelStatus>
              {database.lastSuccessfulBackup && (
                <Typography
                  variant="caption"
                  component="div"
                  className={classes.secondary}
                >
                  {database.lastSuccessfulBackup.name}
                </Typography>
              )}
            </>
          ) : (
            <LevelStatus level="critical">No successful backup</LevelStatus>
          )}
        </Fact>
        <Fact term="Last failed backup">
          {database.lastFailedBackup ? (
            <>
              <Typography variant="body2">
                {formatRelative(
                  database.lastFailedBackup.stoppedAt ??
                    database.lastFailedBackup.startedAt,
                  now,
                ) ?? '—'}
              </Typography>
              {database.lastFailedBackup.error && (
                <Typography
                  variant="caption"
                  component="div"
                  className={classes.secondary}
                >
                  {database.lastFailedBackup.error}
                </Typography>
              )}
            </>
          ) : (
            <Typography variant="body2" className={classes.secondary}>
              none
            </Typography>
          )}
        </Fact>
        <Fact term="Recoverable from">
          {recovery?.firstRecoverabilityPoint ? (
            <>
              <Typography variant="body2">
                {formatDateTime(recovery.firstRecoverabilityPoint)}
              </Typography>
              <Typography variant="caption" className={classes.secondary}>
                a window of{' '}
                {formatDuration(
                  (now - Date.parse(recovery.firstRecoverabilityPoint)) / 1000,
                )}{' '}
                · object store {recovery.objectStore}
              </Typography>
            </>
          ) : (
            <Typography variant="body2" className={classes.secondary}>
              unknown
            </Typography>
          )}
        </Fact>
        <Fact term="Next scheduled backup">
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
                <Typography
                  variant="caption"
                  component="div"
                  className={classes.secondary}
                >
                  {schedule.name} · <code>{schedule.schedule}</code>
                  {schedule.suspended &&
                    database.nextBackupTime &&
                    ' (suspended)'}
                </Typography>
                {schedule.error && (
                  <LevelStatus level="warning" wrap>
                    {schedule.error}
                  </LevelStatus>
                )}
              </div>
            ))
          )}
        </Fact>
      </dl>
      <Typography
        variant="subtitle2"
        component="h4"
        className={classes.subheading}
      >
        Recent backups
      </Typography>
      <RecentBackups backups={database.recentBackups} />
    </section>
  );
};

export interface BackupsCardProps {
  entityRef: string;
  cluster: ClusterOpsView;
}

/**
 * The CloudNativePG cluster(s) of the service: state, instances, primary, WAL archiving, the last successful backup
 * against the schedule, the recoverability window, the next run and the recent backups.
 */
export const BackupsCard = ({ entityRef, cluster }: BackupsCardProps) => (
  <div id={sectionAnchor('backups')}>
    <InfoCard
      title="Backups"
      subheader="CloudNativePG database and its backups"
      noPadding
    >
      {cluster.databases.length === 0 ? (
        <Box p={2}>
          <Typography variant="body2">
            No database. Name the CloudNativePG cluster in the{' '}
            <code>gsv.io/cnpg-cluster</code> annotation to see its backups.
          </Typography>
        </Box>
      ) : (
        cluster.databases.map((database, index) => (
          <div key={`${database.namespace}/${database.name}`}>
            {index > 0 && <Divider />}
            <Database
              database={database}
              entityRef={entityRef}
              cluster={cluster}
            />
          </div>
        ))
      )}
    </InfoCard>
  </div>
);
