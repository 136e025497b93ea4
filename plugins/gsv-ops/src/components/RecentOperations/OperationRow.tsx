import { Link } from '@backstage/core-components';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { getRunbook, OperationRecord } from '@gsv/plugin-gsv-ops-common';
import { formatDuration } from '../../lib/format';
import { Caption } from '../Caption';
import { RelativeTime } from '../RelativeTime';
import { OperationStatusLabel } from './OperationStatusLabel';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
  summary: { maxWidth: 460, overflowWrap: 'anywhere' },
}));

/** `scaffolder-task:<id>` → the scaffolder's task page. */
const taskLink = (origin?: string) => {
  const match = origin && /^scaffolder-task:(.+)$/.exec(origin);
  return match ? `/create/tasks/${encodeURIComponent(match[1])}` : undefined;
};

const duration = (op: OperationRecord) =>
  op.startedAt && op.finishedAt
    ? formatDuration(
        (Date.parse(op.finishedAt) - Date.parse(op.startedAt)) / 1000,
      )
    : undefined;

/** One runbook operation: status (and whether a dry run), what on which target, who, when, how long, the result. */
export const OperationRow = ({ op }: { op: OperationRecord }) => {
  const classes = useStyles();
  const link = taskLink(op.origin);
  const title = getRunbook(op.runbook)?.title ?? op.runbook;
  return (
    <TableRow data-testid="operation-row">
      <TableCell>
        <OperationStatusLabel status={op.status} />
        {op.dryRun && <Caption>dry run</Caption>}
      </TableCell>
      <TableCell>
        <Typography variant="body2">
          {link ? <Link to={link}>{title}</Link> : title}
        </Typography>
        <Typography variant="caption" className={classes.secondary}>
          {op.target.kind}{' '}
          {op.target.namespace ? `${op.target.namespace}/` : ''}
          {op.target.name} · {op.cluster}
        </Typography>
      </TableCell>
      <TableCell>{op.initiatedBy.replace(/^user:default\//, '')}</TableCell>
      <TableCell>
        <RelativeTime value={op.startedAt ?? op.createdAt} />
      </TableCell>
      <TableCell align="right">{duration(op) ?? '—'}</TableCell>
      <TableCell className={classes.summary}>{op.summary ?? ''}</TableCell>
    </TableRow>
  );
};
