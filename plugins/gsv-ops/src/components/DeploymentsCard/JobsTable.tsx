import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import type { JobView } from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';
import { jobLevel } from '../../lib/statusLevels';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { TableHeader } from '../TableHeader';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
}));

/** The service's jobs: status, when they started and when they finished. */
export const JobsTable = ({ jobs }: { jobs: JobView[] }) => {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Jobs">
      <TableHeader columns={['Status', 'Job', 'Started', 'Finished']} />
      <TableBody>
        {jobs.map(job => (
          <TableRow key={namespacedName(job)}>
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
