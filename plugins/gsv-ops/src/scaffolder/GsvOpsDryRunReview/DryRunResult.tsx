import type {
  OperationRecord,
  OperationStep,
} from '@gsv/plugin-gsv-ops-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  steps: { margin: 0, paddingLeft: theme.spacing(2.5) },
  diff: {
    margin: theme.spacing(0.5, 0, 1),
    padding: theme.spacing(1),
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    overflowX: 'auto',
  },
  failed: { color: theme.palette.error.main },
}));

/** A step of the plan: its name, status and message, the object it acts on, and its diff. */
function StepLine({ step }: { step: OperationStep }) {
  const classes = useStyles();
  const object = step.detail?.object;
  return (
    <li>
      <Typography
        variant="body2"
        className={step.status === 'failed' ? classes.failed : undefined}
      >
        <strong>{step.name}</strong> ({step.status}): {step.message}
        {object
          ? ` — ${object.kind} ${
              object.namespace ? `${object.namespace}/` : ''
            }${object.name}`
          : ''}
      </Typography>
      {typeof step.detail?.diff === 'string' && step.detail.diff.trim() && (
        <pre className={classes.diff} aria-label={`diff of step ${step.name}`}>
          {step.detail.diff}
        </pre>
      )}
    </li>
  );
}

/** The engine's refusal of the dry run, with what to do when it is the maintenance window. */
export const DryRunRefusal = ({ message }: { message: string }) => {
  const classes = useStyles();
  return (
    <Box my={1} role="alert">
      <Typography variant="body2" className={classes.failed}>
        {`The dry run was refused: ${message}`}
      </Typography>
      {/maintenance window|incident/i.test(message) && (
        <Typography variant="body2">
          Outside the maintenance window, go back, tick “outside the maintenance
          window” and give the P1/P2 incident.
        </Typography>
      )}
    </Box>
  );
};

/** A finished dry run: its outcome, cluster and id, its summary, and the plan step by step with the diffs. */
export const DryRunResult = ({ record }: { record: OperationRecord }) => {
  const classes = useStyles();
  return (
    <Box my={1} aria-label="dry run result">
      <Box display="flex" style={{ gap: 8 }} mb={1}>
        <Chip
          size="small"
          label={`Dry run ${record.status}`}
          color={record.status === 'succeeded' ? 'primary' : 'secondary'}
        />
        <Chip
          size="small"
          label={`Cluster: ${record.cluster} (${record.environment})`}
        />
        <Chip size="small" label={`Operation ${record.id}`} />
      </Box>
      {record.summary && (
        <Typography
          variant="body2"
          className={record.status === 'succeeded' ? undefined : classes.failed}
        >
          {record.summary}
        </Typography>
      )}
      <ol className={classes.steps}>
        {[...record.steps]
          .sort((a, b) => a.index - b.index)
          .map(step => (
            <StepLine key={step.index} step={step} />
          ))}
      </ol>
    </Box>
  );
};
