import IconButton from '@material-ui/core/IconButton';
import Collapse from '@material-ui/core/Collapse';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import KeyboardArrowDown from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRight from '@material-ui/icons/KeyboardArrowRight';
import type { PodView } from '@gsv/plugin-gsv-ops-common';
import { PodTable } from '../PodTable';

/** Every column of the workloads table: the pods row spans them all. */
export const WORKLOAD_COLUMNS = 9;

export const useExpandStyles = makeStyles(theme => ({
  expand: { width: 48, paddingRight: 0 },
  pods: {
    padding: theme.spacing(1, 2, 2, 7),
    background: theme.palette.background.default,
  },
  collapseCell: { padding: 0, borderBottom: 'none' },
}));

/** The first cell of a workload's row: the arrow that shows or hides its pods. */
export const ExpandCell = ({
  expanded,
  onToggle,
  what,
}: {
  expanded: boolean;
  onToggle: () => void;
  /** "pods of agent-registry", "other pods". */
  what: string;
}) => {
  const classes = useExpandStyles();
  return (
    <TableCell className={classes.expand}>
      <IconButton
        size="small"
        aria-label={`${expanded ? 'Hide' : 'Show'} ${what}`}
        aria-expanded={expanded}
        onClick={onToggle}
      >
        {expanded ? <KeyboardArrowDown /> : <KeyboardArrowRight />}
      </IconButton>
    </TableCell>
  );
};

/** The row under a workload's row with its pods, rendered only while it is open. */
export const PodsRow = ({
  expanded,
  pods,
  label,
}: {
  expanded: boolean;
  pods: PodView[];
  label: string;
}) => {
  const classes = useExpandStyles();
  return (
    <TableRow>
      <TableCell colSpan={WORKLOAD_COLUMNS} className={classes.collapseCell}>
        <Collapse in={expanded} timeout="auto" unmountOnExit>
          <div className={classes.pods}>
            <PodTable pods={pods} aria-label={label} />
          </div>
        </Collapse>
      </TableCell>
    </TableRow>
  );
};
