import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PodView } from '@gsv/plugin-gsv-ops-common';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';

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
  const [showAll, setShowAll] = useState(false);
  const sorted = sortPods(pods);
  const shown = showAll ? sorted : sorted.slice(0, initialLimit);
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
        <TableHead>
          <TableRow>
            <TableCell>Status</TableCell>
            <TableCell>Pod</TableCell>
            <TableCell align="right">Ready</TableCell>
            <TableCell align="right">Restarts</TableCell>
            <TableCell>Node</TableCell>
            <TableCell>Age</TableCell>
            <TableCell>Details</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map(pod => {
            const troubled = pod.containers.find(
              c => !c.ready && (c.message || c.lastTerminationReason),
            );
            return (
              <TableRow
                key={`${pod.namespace}/${pod.name}`}
                data-testid="pod-row"
              >
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
          })}
        </TableBody>
      </Table>
      {sorted.length > initialLimit && (
        <Button
          size="small"
          color="primary"
          onClick={() => setShowAll(s => !s)}
        >
          {showAll ? 'Show fewer pods' : `Show all ${sorted.length} pods`}
        </Button>
      )}
    </>
  );
};
