import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Finding } from '@gsv/plugin-gsv-ops-common';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import { useShowAll } from '../../hooks/useShowAll';
import { LevelStatus } from '../LevelStatus';
import { ShowAllButton } from '../ShowAllButton';

const useStyles = makeStyles(theme => ({
  list: { padding: 0 },
  item: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    paddingLeft: 0,
    paddingRight: 0,
    paddingTop: theme.spacing(0.5),
    paddingBottom: theme.spacing(0.5),
  },
  reason: { flex: 1, minWidth: 0 },
  object: { color: theme.palette.text.secondary, whiteSpace: 'nowrap' },
}));

export interface FindingsListProps {
  findings: Finding[];
  /** Show at most this many, with a button for the rest. */
  max?: number;
  /** Shown when there are no findings. */
  emptyText?: string;
}

/** The reasons behind a level, worst first, each with its level as icon + word. */
export const FindingsList = ({
  findings,
  max = 5,
  emptyText,
}: FindingsListProps) => {
  const classes = useStyles();
  const sorted = [...findings].sort(worstFirst(f => f.level));
  const { shown, truncates, toggle } = useShowAll(sorted, max);
  if (sorted.length === 0) {
    return emptyText ? (
      <Typography variant="body2">{emptyText}</Typography>
    ) : null;
  }
  return (
    <>
      <List dense className={classes.list} aria-label="Findings">
        {shown.map((finding, index) => (
          <ListItem
            key={`${finding.code}:${finding.object?.namespace}/${finding.object?.name}:${index}`}
            className={classes.item}
          >
            <LevelStatus level={finding.level} title={finding.code} wrap>
              <span className={classes.reason}>{finding.reason}</span>
            </LevelStatus>
          </ListItem>
        ))}
      </List>
      {truncates && (
        <ShowAllButton noun="findings" fewerLabel="Show fewer" {...toggle} />
      )}
    </>
  );
};
