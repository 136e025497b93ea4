import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';

const useStyles = makeStyles(theme => ({
  paper: { padding: theme.spacing(2), height: '100%' },
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))',
    gap: theme.spacing(1.5),
    marginTop: theme.spacing(2.5),
  },
  row: {
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'center',
    marginTop: theme.spacing(1.5),
  },
}));

const TableSkeleton = ({ rows }: { rows: number }) => {
  const classes = useStyles();
  return (
    <Paper className={classes.paper}>
      <Skeleton variant="text" width={160} height={32} />
      <Skeleton variant="text" width={260} />
      {Array.from({ length: rows }, (_, i) => (
        <div className={classes.row} key={i}>
          <Skeleton variant="circle" width={18} height={18} />
          <Skeleton variant="text" width="18%" />
          <Skeleton variant="text" width="30%" />
          <Skeleton variant="text" width="12%" />
          <Skeleton variant="text" width="20%" />
        </div>
      ))}
    </Paper>
  );
};

/** The shape of the Ops tab while its first answer is on the way. */
export const OpsSkeleton = () => {
  const classes = useStyles();
  return (
    <Grid
      container
      spacing={3}
      aria-busy="true"
      aria-label="Loading the Ops view"
      data-testid="ops-skeleton"
    >
      <Grid item xs={12} md={8}>
        <Paper className={classes.paper}>
          <Skeleton variant="text" width={220} height={44} />
          <Skeleton variant="text" width={180} />
          <div className={classes.tiles}>
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} variant="rect" height={58} />
            ))}
          </div>
        </Paper>
      </Grid>
      <Grid item xs={12} md={4}>
        <Paper className={classes.paper}>
          <Skeleton variant="text" width={140} height={32} />
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton
              key={i}
              variant="rect"
              height={30}
              style={{ marginTop: 8 }}
            />
          ))}
        </Paper>
      </Grid>
      <Grid item xs={12}>
        <TableSkeleton rows={3} />
      </Grid>
      <Grid item xs={12}>
        <TableSkeleton rows={2} />
      </Grid>
    </Grid>
  );
};
