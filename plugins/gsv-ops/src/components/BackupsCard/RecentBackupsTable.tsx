import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { BackupView } from '@gsv/plugin-gsv-ops-common';
import { backupLevel, backupOriginText } from '../../lib/backups';
import { formatDuration, namespacedName } from '../../lib/format';
import { useShowAll } from '../../hooks/useShowAll';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { ShowAllButton } from '../ShowAllButton';
import { ColumnHeading, TableHeader } from '../TableHeader';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
  table: { '& td, & th': { padding: theme.spacing(0.75, 1.5) } },
  error: { maxWidth: 480, overflowWrap: 'anywhere' },
}));

/** Rows shown until the user asks for all. */
const LIMIT = 8;

const COLUMNS: ColumnHeading[] = [
  'Phase',
  'Backup',
  'Started',
  { title: 'Duration', align: 'right' },
  'Error',
];

const BackupRow = ({ backup }: { backup: BackupView }) => {
  const classes = useStyles();
  return (
    <TableRow data-testid="backup-row">
      <TableCell>
        <LevelStatus level={backupLevel(backup)}>{backup.phase}</LevelStatus>
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
      <TableCell className={classes.error}>{backup.error ?? ''}</TableCell>
    </TableRow>
  );
};

/** A database's recent backups: phase, origin, start, duration and error; eight until asked for all. */
export const RecentBackupsTable = ({ backups }: { backups: BackupView[] }) => {
  const classes = useStyles();
  const { shown, truncates, toggle } = useShowAll(backups, LIMIT);
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
        <TableHeader columns={COLUMNS} />
        <TableBody>
          {shown.map(backup => (
            <BackupRow key={namespacedName(backup)} backup={backup} />
          ))}
        </TableBody>
      </Table>
      {truncates && <ShowAllButton noun="backups" {...toggle} />}
    </>
  );
};
