import { ReactNode } from 'react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ClusterStatus } from '@gsv/plugin-gsv-ops-common';
import type { OptionalSection } from './optionalSections';

const useStyles = makeStyles(theme => ({
  notSetUp: { color: theme.palette.text.secondary },
  code: { fontFamily: 'monospace', fontSize: '0.9em' },
}));

/** A line of the bottom of the tab, in secondary text. */
const Note = ({
  testId,
  children,
}: {
  testId: string;
  children: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <Grid item xs={12}>
      <Typography
        variant="body2"
        className={classes.notSetUp}
        data-testid={testId}
      >
        {children}
      </Typography>
    </Grid>
  );
};

/**
 * The bottom of the Ops tab: the kinds the cluster does not serve, and the sections not set up for the service with
 * the annotation that would set each up. Grid items; nothing when there is nothing to say.
 */
export const NotShownNotes = ({
  cluster,
  notSetUp,
}: {
  cluster: ClusterStatus;
  notSetUp: OptionalSection[];
}) => {
  const classes = useStyles();
  const absentKinds = cluster.absentKinds ?? [];
  return (
    <>
      {absentKinds.length > 0 && (
        <Note testId="absent-kinds">
          Not installed in {cluster.name}: {absentKinds.join(', ')} (the cluster
          does not serve these kinds, so they cannot be shown).
        </Note>
      )}
      {notSetUp.length > 0 && (
        <Note testId="not-set-up">
          Not set up for this service:{' '}
          {notSetUp.map((section, i) => (
            <span key={section.title}>
              {i > 0 && ', '}
              {section.title} (
              <span className={classes.code}>{section.annotation}</span>)
            </span>
          ))}
          .
        </Note>
      )}
    </>
  );
};
