import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ClusterOpsView, PoolerView } from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';
import { POOLER_TYPE_TEXT, poolerLevel } from '../../lib/poolers';
import { runbookTarget } from '../../lib/runbookLinks';
import { LevelStatus } from '../LevelStatus';
import { RunbookButton } from '../RunbookButton';
import { ColumnHeading, TableHeader } from '../TableHeader';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
  table: { '& td, & th': { padding: theme.spacing(0.75, 1.5) } },
}));

const COLUMNS: ColumnHeading[] = [
  'Pooler',
  'PgBouncer pods',
  'Pool mode',
  { title: 'Pool size', align: 'right' },
  { title: 'Max clients', align: 'right' },
  { title: 'Server connections', align: 'right' },
  '',
];

interface PoolersTableProps {
  poolers: PoolerView[];
  entityRef: string;
  cluster: ClusterOpsView;
}

/** The PgBouncer poolers (CloudNativePG Pooler) in front of a database, with Configure pooler on each. */
export const PoolersTable = ({
  poolers,
  entityRef,
  cluster,
}: PoolersTableProps) => {
  const classes = useStyles();
  if (poolers.length === 0) {
    return (
      <Typography variant="body2" className={classes.secondary}>
        No connection pooler: the applications connect to PostgreSQL directly.
      </Typography>
    );
  }
  return (
    <Table
      size="small"
      className={classes.table}
      aria-label="Connection poolers"
    >
      <TableHeader columns={COLUMNS} />
      <TableBody>
        {poolers.map(pooler => (
          <TableRow key={namespacedName(pooler)} data-testid="pooler-row">
            <TableCell>
              <Typography variant="body2">{pooler.name}</Typography>
              <Typography variant="caption" className={classes.secondary}>
                {POOLER_TYPE_TEXT[pooler.type]}
                {pooler.paused && ' · paused'}
              </Typography>
            </TableCell>
            <TableCell>
              <LevelStatus level={poolerLevel(pooler)}>
                {pooler.readyInstances}/{pooler.instances} ready
              </LevelStatus>
            </TableCell>
            <TableCell>{pooler.poolMode}</TableCell>
            <TableCell align="right">{pooler.defaultPoolSize}</TableCell>
            <TableCell align="right">{pooler.maxClientConn}</TableCell>
            <TableCell align="right">{pooler.serverConnections}</TableCell>
            <TableCell align="right">
              <RunbookButton
                runbook="pooler-configure"
                entityRef={entityRef}
                target={runbookTarget(cluster, pooler)}
                label="Configure pooler"
                hideWhenDenied
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
