import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import type { ApplicationView } from '@gsv/plugin-gsv-ops-common';
import { formatDuration, shortRevision } from '../../lib/format';
import { RelativeTime } from '../RelativeTime';
import { ColumnHeading, TableHeader } from '../TableHeader';

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'monospace', fontSize: '0.85rem' },
  table: { '& td, & th': { padding: theme.spacing(0.75, 1.5) } },
}));

const COLUMNS: ColumnHeading[] = [
  'Revision',
  'Deployed',
  { title: 'Took', align: 'right' },
  'By',
];

type HistoryEntry = ApplicationView['history'][number];

/** How long a deployment took, from its start to its end. */
const deployDuration = (entry: HistoryEntry) =>
  entry.deployedAt && entry.deployStartedAt
    ? formatDuration(
        (Date.parse(entry.deployedAt) - Date.parse(entry.deployStartedAt)) /
          1000,
      )
    : '—';

/** The application's last five deployments: revision, when, how long and who started it. */
export const DeploymentHistoryTable = ({ app }: { app: ApplicationView }) => {
  const classes = useStyles();
  return (
    <Table
      size="small"
      className={classes.table}
      aria-label={`Deployment history of ${app.name}`}
    >
      <TableHeader columns={COLUMNS} />
      <TableBody>
        {app.history.slice(0, 5).map(entry => (
          <TableRow key={entry.id}>
            <TableCell className={classes.mono} title={entry.revision}>
              {shortRevision(entry.revision) ?? '—'}
            </TableCell>
            <TableCell>
              <RelativeTime value={entry.deployedAt} />
            </TableCell>
            <TableCell align="right">{deployDuration(entry)}</TableCell>
            <TableCell>{entry.initiatedBy ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
