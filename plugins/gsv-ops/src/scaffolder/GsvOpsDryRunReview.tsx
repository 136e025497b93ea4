import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type {
  OperationRecord,
  OperationStep,
} from '@gsv/plugin-gsv-ops-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import {
  buildRunbookRequest,
  requestFingerprint,
  reviewProblem,
  type DryRunReviewUiOptions,
  type DryRunReviewValue,
  type RunbookFormData,
} from './runbookForm';

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

const TERMINAL = ['succeeded', 'failed', 'cancelled', 'interrupted'];
const POLL_MS = 1000;
const MAX_POLLS = 120;

function errorMessage(error: unknown): string {
  const body = (error as { body?: { error?: { message?: string } } })?.body;
  return (
    body?.error?.message ??
    (error instanceof Error ? error.message : String(error))
  );
}

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

type RunState =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; record: OperationRecord; fingerprint: string }
  | { phase: 'error'; message: string; fingerprint: string };

/**
 * Runs the engine's dry run (the real server-side `dryRun=All` plan) for the form's values and shows the plan and
 * diffs. The person must acknowledge a successful plan before the form can be submitted; changing the form after
 * the dry run invalidates the acknowledgement.
 */
export const GsvOpsDryRunReview = (
  props: FieldExtensionComponentProps<DryRunReviewValue, DryRunReviewUiOptions>,
) => {
  const {
    formData,
    onChange,
    uiSchema,
    schema,
    rawErrors,
    formContext,
    disabled,
  } = props;
  const classes = useStyles();
  const api = useApi(gsvOpsApiRef);
  const options = uiSchema?.['ui:options'];
  const form = formContext?.formData as RunbookFormData | undefined;
  const built = buildRunbookRequest(options, form);
  const fingerprint = built.request
    ? requestFingerprint(built.request)
    : undefined;
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  const generation = useRef(0);

  const run = useCallback(async () => {
    if (!built.request || !fingerprint) return;
    const mine = ++generation.current;
    setState({ phase: 'running' });
    try {
      let record = await api.startOperation({
        ...built.request,
        dryRun: true,
        origin: 'scaffolder-form:review',
      });
      for (
        let polls = 0;
        !TERMINAL.includes(record.status) && polls < MAX_POLLS;
        polls++
      ) {
        await new Promise(resolve => setTimeout(resolve, POLL_MS));
        record = await api.getOperation(record.id);
      }
      if (mine === generation.current)
        setState({ phase: 'done', record, fingerprint });
    } catch (error) {
      if (mine === generation.current)
        setState({ phase: 'error', message: errorMessage(error), fingerprint });
    }
    // built.request is derived from the fingerprint
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, fingerprint]);

  // A review of another request no longer counts.
  useEffect(() => {
    if (formData?.fingerprint && formData.fingerprint !== fingerprint) {
      onChange(undefined as unknown as DryRunReviewValue);
    }
  }, [fingerprint, formData?.fingerprint, onChange]);

  // Show the dry run that was already reviewed (after going back and forth), else run one for the current values.
  useEffect(() => {
    if (!fingerprint) return;
    if (formData?.operationId && formData.fingerprint === fingerprint) {
      const mine = ++generation.current;
      api
        .getOperation(formData.operationId)
        .then(
          record =>
            mine === generation.current &&
            setState({ phase: 'done', record, fingerprint }),
        )
        .catch(error => {
          if (mine === generation.current)
            setState({
              phase: 'error',
              message: errorMessage(error),
              fingerprint,
            });
        });
      return;
    }
    run();
    // only when the request changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fingerprint]);

  const current =
    (state.phase === 'done' || state.phase === 'error') &&
    state.fingerprint === fingerprint;
  const record = current && state.phase === 'done' ? state.record : undefined;
  const reviewable = record?.status === 'succeeded' && record.dryRun;
  const acknowledged = Boolean(
    formData?.acknowledged && formData.fingerprint === fingerprint && record,
  );

  return (
    <FormControl margin="normal" fullWidth error={Boolean(rawErrors?.length)}>
      <Typography variant="h6">{schema.title ?? 'Dry run'}</Typography>
      {schema.description && (
        <Typography variant="body2">{schema.description}</Typography>
      )}
      {!built.request && (
        <FormHelperText>{`Fill in ${built.missing.join(
          ', ',
        )} to run the dry run.`}</FormHelperText>
      )}
      {state.phase === 'running' && (
        <Box my={1}>
          <Typography variant="body2">
            Running the dry run on the cluster (nothing is changed)…
          </Typography>
          <LinearProgress />
        </Box>
      )}
      {current && state.phase === 'error' && (
        <Box my={1} role="alert">
          <Typography variant="body2" className={classes.failed}>
            {`The dry run was refused: ${state.message}`}
          </Typography>
          {/maintenance window|incident/i.test(state.message) && (
            <Typography variant="body2">
              Outside the maintenance window, go back, tick “outside the
              maintenance window” and give the P1/P2 incident.
            </Typography>
          )}
        </Box>
      )}
      {record && (
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
              className={
                record.status === 'succeeded' ? undefined : classes.failed
              }
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
      )}
      <Box display="flex" alignItems="center" style={{ gap: 16 }}>
        <Button
          variant="outlined"
          onClick={() => run()}
          disabled={disabled || !built.request || state.phase === 'running'}
        >
          {record || state.phase === 'error'
            ? 'Run the dry run again'
            : 'Run the dry run'}
        </Button>
        <FormControlLabel
          control={
            <Checkbox
              checked={acknowledged}
              disabled={disabled || !reviewable}
              onChange={(_event, checked) =>
                onChange(
                  (checked && record && fingerprint
                    ? {
                        operationId: record.id,
                        fingerprint,
                        acknowledged: true,
                      }
                    : undefined) as DryRunReviewValue,
                )
              }
            />
          }
          label="I have reviewed this plan"
        />
      </Box>
      {/* the errors themselves (rawErrors) are shown by the form's field template, once */}
    </FormControl>
  );
};

/**
 * Validation of the review: it must be acknowledged and still match the form's values. The scaffolder calls it with
 * the values of the whole form.
 */
export function dryRunReviewValidation(
  value: DryRunReviewValue | undefined,
  validation: { addError(message: string): void },
  context: {
    formData: unknown;
    uiSchema?: { 'ui:options'?: DryRunReviewUiOptions };
  },
) {
  const problem = reviewProblem(
    value,
    context.uiSchema?.['ui:options'],
    context.formData as RunbookFormData,
  );
  if (problem) {
    validation.addError(problem);
  }
}
