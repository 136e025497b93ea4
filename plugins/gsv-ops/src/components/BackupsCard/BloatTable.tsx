import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  HIGH_DEAD_PERCENT,
  type ClusterOpsView,
  type DatabaseBloatReport,
  type TableBloat,
} from '@gsv/plugin-gsv-ops-common';
import { formatBytes } from '../../lib/format';
import { runbookTarget } from '../../lib/runbookLinks';
import { useShowAll } from '../../hooks/useShowAll';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';
import { ShowAllButton } from '../ShowAllButton';
import { ColumnHeading, TableHeader } from '../TableHeader';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
  table: { '& td, & th': { padding: theme.spacing(0.75, 1.5) } },
}));

/** Rows shown until the user asks for all (a report lists up to 100 tables). */
const LIMIT = 8;

const COLUMNS: ColumnHeading[] = [
  'Table',
  { title: 'Dead tuples', align: 'right' },
  { title: 'Dead %', align: 'right' },
  { title: 'Est. bloat', align: 'right' },
  'Last vacuum',
  'Last autovacuum',
  '',
];

const count = new Intl.NumberFormat('en-US');

interface BloatTableProps {
  report: DatabaseBloatReport;
  entityRef: string;
  cluster: ClusterOpsView;
}

const BloatRow = ({
  table,
  report,
  entityRef,
  cluster,
}: BloatTableProps & { table: TableBloat }) => {
  const classes = useStyles();
  const name = `${table.schema}.${table.table}`;
  const high = table.deadPercent >= HIGH_DEAD_PERCENT;
  return (
    <TableRow data-testid="bloat-row" data-name={name}>
      <TableCell>
        <Typography variant="body2">{name}</Typography>
        <Typography variant="caption" className={classes.secondary}>
          {count.format(table.liveTuples)} live
        </Typography>
      </TableCell>
      <TableCell align="right">{count.format(table.deadTuples)}</TableCell>
      <TableCell align="right">
        <LevelStatus level={high ? 'warning' : 'ok'}>
          {table.deadPercent}%
        </LevelStatus>
      </TableCell>
      <TableCell align="right">
        {formatBytes(table.estimatedBloatBytes)}
      </TableCell>
      <TableCell>
        <RelativeTime value={table.lastVacuum} fallback="never" />
      </TableCell>
      <TableCell>
        <RelativeTime value={table.lastAutovacuum} fallback="never" />
      </TableCell>
      <TableCell align="right">
        {high && (
          <RunbookButton
            runbook="database-maintenance"
            entityRef={entityRef}
            target={runbookTarget(
              cluster,
              { namespace: report.namespace, name: report.database },
              { operation: 'vacuum-analyze', table: name },
            )}
            label="VACUUM (ANALYZE)"
            hideWhenDenied
          />
        )}
      </TableCell>
    </TableRow>
  );
};

/**
 * The tables of a database's latest bloat report, most dead tuples first, eight until asked for all; the ones over
 * HIGH_DEAD_PERCENT offer VACUUM (ANALYZE) of that table.
 */
export const BloatTable = (props: BloatTableProps) => {
  const classes = useStyles();
  const { tables } = props.report;
  const { shown, truncates, toggle } = useShowAll(tables, LIMIT);
  if (tables.length === 0) {
    return (
      <Typography variant="body2" className={classes.secondary}>
        The report found no user tables in this database.
      </Typography>
    );
  }
  return (
    <>
      <Table size="small" className={classes.table} aria-label="Bloat">
        <TableHeader columns={COLUMNS} />
        <TableBody>
          {shown.map(table => (
            <BloatRow
              key={`${table.schema}.${table.table}`}
              table={table}
              {...props}
            />
          ))}
        </TableBody>
      </Table>
      {truncates && <ShowAllButton noun="tables" {...toggle} />}
    </>
  );
};
