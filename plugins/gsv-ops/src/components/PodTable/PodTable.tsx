import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PodView } from '@gsv/plugin-gsv-ops-common';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import { useShowAll } from '../../hooks/useShowAll';
import { namespacedName } from '../../lib/format';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { ShowAllButton } from '../ShowAllButton';
import { ColumnHeading, TableHeader } from '../TableHeader';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(0.75, 1.5) },
    '& th': { whiteSpace: 'nowrap' },
  },
  nowrap: { whiteSpace: 'nowrap' },
  name: { fontFamily: 'monospace', fontSize: '0.85rem', whiteSpace: 'nowrap' },
  secondary: { color: theme.palette.text.secondary, whiteSpace: 'nowrap' },
  message: {
    color: theme.palette.text.secondary,
    minWidth: 240,
    overflowWrap: 'anywhere',
  },
}));

/** Non-running pods first (worst level first), then by name. */
export function sortPods(pods: PodView[]): PodView[] {
  return [...pods].sort(
    worstFirst(
      p => p.level,
      (a, b) => a.name.localeCompare(b.name),
    ),
  );
}

const COLUMNS: ColumnHeading[] = [
  'Status',
  'Pod',
  { title: 'Ready', align: 'right' },
  { title: 'Restarts', align: 'right' },
  'Node',
  'Age',
  'Details',
];

/** A pod: status, name, ready containers, restarts, node, age, and why its troubled container is not ready. */
const PodRow = ({ pod }: { pod: PodView }) => {
  const classes = useStyles();
  const troubled = pod.containers.find(
    c => !c.ready && (c.message || c.lastTerminationReason),
  );
  return (
    <TableRow data-testid="pod-row">
      <TableCell className={classes.nowrap}>
        <LevelStatus level={pod.level}>{pod.status}</LevelStatus>
      </TableCell>
      <TableCell className={classes.name}>{pod.name}</TableCell>
      <TableCell align="right">
        {pod.readyContainers}/{pod.totalContainers}
      </TableCell>
      <TableCell align="right">{pod.restarts}</TableCell>
      <TableCell className={classes.secondary}>
        {pod.nodeName ?? 'not scheduled'}
      </TableCell>
      <TableCell className={classes.secondary}>
        <RelativeTime value={pod.createdAt} />
      </TableCell>
      <TableCell className={classes.message}>
        {troubled ? (
          <Typography variant="body2" color="textSecondary">
            {troubled.name}: {troubled.message ?? troubled.state}
            {troubled.lastTerminationReason &&
              ` (last exit: ${troubled.lastTerminationReason})`}
          </Typography>
        ) : (
          ''
        )}
      </TableCell>
    </TableRow>
  );
};

export interface PodTableProps {
  pods: PodView[];
  /** How many rows to show before "Show all". */
  initialLimit?: number;
  'aria-label'?: string;
}

/** Pods with status (icon + text), readiness, restarts, node, age and the reason they are not running. */
export const PodTable = ({
  pods,
  initialLimit = 10,
  'aria-label': ariaLabel = 'Pods',
}: PodTableProps) => {
  const classes = useStyles();
  const { shown, truncates, toggle } = useShowAll(sortPods(pods), initialLimit);
  if (pods.length === 0) {
    return (
      <Typography variant="body2" className={classes.secondary}>
        No pods.
      </Typography>
    );
  }
  return (
    <>
      <Table size="small" className={classes.table} aria-label={ariaLabel}>
        <TableHeader columns={COLUMNS} />
        <TableBody>
          {shown.map(pod => (
            <PodRow key={namespacedName(pod)} pod={pod} />
          ))}
        </TableBody>
      </Table>
      {truncates && <ShowAllButton noun="pods" {...toggle} />}
    </>
  );
};
