import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ContainerRightSizing,
  Environment,
  ResourceRightSizing,
  RightSizingSettings,
} from '@gsv/plugin-gsv-ops-common';
import { formatDuration, formatPercent } from '../../lib/format';
import { recommendationTarget } from '../../lib/metrics';
import {
  formatAmount,
  requestAndLimit,
  VERDICT_LABELS,
} from '../../lib/rightSizing';
import { Caption } from '../Caption';
import { RunbookButton } from '../RunbookButton';
import { TableHeader } from '../TableHeader';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(1, 1.5), verticalAlign: 'top' },
  },
  container: { fontWeight: 500 },
  over: { color: theme.palette.status.warning },
  under: { color: theme.palette.status.error },
}));

/** A container with where it runs: the entity (on the platform page) and the Ops view's cluster. */
export type ContainerRow = ContainerRightSizing & {
  entityRef: string;
  cluster: string;
  environment: Environment;
};

const UsageCell = ({
  resource,
  judged,
}: {
  resource: 'cpu' | 'memory';
  judged: ResourceRightSizing;
}) => (
  <TableCell>
    <Typography variant="body2">
      {formatAmount(resource, judged.p95) ?? 'no data'}
      {judged.ratio !== undefined && ` (${formatPercent(judged.ratio)})`}
    </Typography>
    <Caption>{requestAndLimit(resource, judged)}</Caption>
  </TableCell>
);

/** What to set: the suggested requests of the resources whose verdict calls for a change. */
function suggestionText(row: ContainerRightSizing): string | undefined {
  const parts = (['cpu', 'memory'] as const)
    .filter(resource => row[resource].suggestedRequest)
    .map(
      resource =>
        `${resource === 'cpu' ? 'CPU' : 'memory'} ${
          row[resource].suggestedRequest
        }${row[resource].suggestedLimit ? ' (and limit)' : ''}`,
    );
  return parts.length ? parts.join(', ') : undefined;
}

const VerdictCell = ({
  row,
  settings,
}: {
  row: ContainerRightSizing;
  settings: RightSizingSettings;
}) => {
  const classes = useStyles();
  let className: string | undefined;
  if (row.verdict === 'over-provisioned') className = classes.over;
  if (row.verdict === 'under-provisioned') className = classes.under;
  return (
    <TableCell data-testid="right-sizing-verdict">
      <Typography variant="body2" className={className}>
        {VERDICT_LABELS[row.verdict]}
      </Typography>
      {row.verdict === 'not-enough-data' && (
        <Caption>
          {formatDuration(row.historySeconds ?? 0)} of usage; a verdict needs{' '}
          {formatDuration(settings.minimumHistorySeconds)}
        </Caption>
      )}
    </TableCell>
  );
};

/**
 * Containers with their requests and limits against their p95 usage, the verdict, the suggested requests and the
 * set-resources runbook prefilled with them.
 */
export const ContainerTable = ({
  rows,
  settings,
  showService,
}: {
  rows: ContainerRow[];
  settings: RightSizingSettings;
  /** On the platform page: say which service each container belongs to. */
  showService?: boolean;
}) => {
  const classes = useStyles();
  return (
    <Table
      className={classes.table}
      size="small"
      aria-label="Requests against p95 usage per container"
    >
      <TableHeader
        columns={[
          'Container',
          'CPU p95 (of request)',
          'Memory p95 (of request)',
          'Verdict',
          `Suggested requests (p95 × ${settings.headroom})`,
          '',
        ]}
      />
      <TableBody>
        {rows.map(row => (
          <TableRow
            key={`${row.entityRef}/${row.cluster}/${row.workload.namespace}/${row.workload.name}/${row.container}`}
            data-testid="right-sizing-row"
          >
            <TableCell>
              <Typography variant="body2" className={classes.container}>
                {row.container}
              </Typography>
              <Caption>
                {showService ? `${row.entityRef} · ` : ''}
                {row.workload.kind} {row.workload.namespace}/{row.workload.name}{' '}
                × {row.replicas}
              </Caption>
            </TableCell>
            <UsageCell resource="cpu" judged={row.cpu} />
            <UsageCell resource="memory" judged={row.memory} />
            <VerdictCell row={row} settings={settings} />
            <TableCell data-testid="right-sizing-suggestion">
              {suggestionText(row) ?? '—'}
            </TableCell>
            <TableCell align="right">
              {row.action && (
                <RunbookButton
                  runbook={row.action.runbook}
                  entityRef={row.entityRef}
                  target={recommendationTarget(row, row.action)}
                  label="Set requests"
                  hideWhenDenied
                />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
