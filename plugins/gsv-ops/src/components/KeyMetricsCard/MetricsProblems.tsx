import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { EntityMetricsView } from '@gsv/plugin-gsv-ops-common';

const useStyles = makeStyles(theme => ({
  errors: { marginBottom: theme.spacing(2) },
}));

/** How many problems are listed before "… and N more". */
const SHOWN = 4;

/**
 * The Prometheus and configuration errors of a metrics view, above the metrics that still came through: an error
 * when nothing came through, a warning otherwise. Nothing when there are none.
 */
export const MetricsProblems = ({ view }: { view: EntityMetricsView }) => {
  const classes = useStyles();
  const problems = view.errors.filter(
    e => e.source === 'prometheus' || e.source === 'configuration',
  );
  if (problems.length === 0) return null;
  return (
    <Alert
      severity={problems.length >= view.metrics.length ? 'error' : 'warning'}
      className={classes.errors}
      data-testid="metrics-errors"
    >
      {problems.some(p => p.source === 'prometheus') && (
        <Typography variant="body2" component="div">
          <strong>Prometheus</strong> did not answer for some metrics; they show
          as unavailable, the others are current.
        </Typography>
      )}
      {problems.slice(0, SHOWN).map((problem, i) => (
        <Typography key={i} variant="body2" component="div">
          {problem.source === 'configuration' ? 'Configuration: ' : ''}
          {problem.message}
        </Typography>
      ))}
      {problems.length > SHOWN && (
        <Typography variant="body2" component="div">
          … and {problems.length - SHOWN} more
        </Typography>
      )}
    </Alert>
  );
};
