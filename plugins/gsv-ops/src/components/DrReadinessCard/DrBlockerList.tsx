import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { DrBlocker } from '@gsv/plugin-gsv-ops-common';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { RunbookButton } from '../RunbookButton';
import type { RunbookTarget } from '../../lib/runbookLinks';

const useStyles = makeStyles(theme => ({
  item: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    flexWrap: 'wrap',
    paddingLeft: 0,
    paddingRight: 0,
  },
  text: { minWidth: 0, flex: '1 1 320px' },
}));

/** A restore runbook run from DR readiness is a rehearsal: into a new cluster, the source untouched. */
export const REHEARSE_LABEL = 'Rehearse a restore';

export interface DrBlockerListProps {
  blockers: DrBlocker[];
  entityRef?: string;
  target: RunbookTarget;
}

/** What stands between the database and a restore: each blocker with what fixes it and, where one does, its runbook. */
export const DrBlockerList = ({
  blockers,
  entityRef,
  target,
}: DrBlockerListProps) => {
  const classes = useStyles();
  return (
    <List dense disablePadding aria-label="What blocks a restore">
      {blockers.map(blocker => (
        <ListItem key={blocker.id} className={classes.item}>
          <div className={classes.text}>
            <LevelStatus level={blocker.level} wrap>
              {blocker.message}
            </LevelStatus>
            <Caption>
              {blocker.hint}
              {blocker.guideSection && ` (ops guide §${blocker.guideSection})`}
            </Caption>
          </div>
          {blocker.runbook && entityRef && (
            <RunbookButton
              runbook={blocker.runbook}
              entityRef={entityRef}
              target={target}
              emphasis={blocker.level === 'critical'}
              label={
                blocker.runbook === 'database-restore'
                  ? REHEARSE_LABEL
                  : undefined
              }
              hideWhenDenied
            />
          )}
        </ListItem>
      ))}
      {blockers.length === 0 && (
        <Typography variant="body2">
          Nothing blocks a restore to the restore point.
        </Typography>
      )}
    </List>
  );
};
