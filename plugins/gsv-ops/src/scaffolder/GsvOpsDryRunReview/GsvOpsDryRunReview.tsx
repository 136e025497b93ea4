import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import {
  buildRunbookRequest,
  requestFingerprint,
  reviewProblem,
  type DryRunReviewUiOptions,
  type DryRunReviewValue,
  type OperationRecord,
  type RunbookFormData,
} from '@gsv/plugin-gsv-ops-common';
import { DryRunRefusal, DryRunResult } from './DryRunResult';
import { PolicyNote } from './PolicyNote';
import { useDryRun } from './useDryRun';

const DryRunProgress = () => (
  <Box my={1}>
    <Typography variant="body2">
      Running the dry run on the cluster (nothing is changed)…
    </Typography>
    <LinearProgress />
  </Box>
);

/** Run the dry run (again), and the acknowledgement, which only a successful dry run of the current values allows. */
const ReviewControls = ({
  record,
  fingerprint,
  acknowledged,
  canRun,
  again,
  disabled,
  onRun,
  onChange,
}: {
  record?: OperationRecord;
  fingerprint?: string;
  acknowledged: boolean;
  canRun: boolean;
  again: boolean;
  disabled?: boolean;
  onRun: () => void;
  onChange: (value: DryRunReviewValue) => void;
}) => (
  <Box display="flex" alignItems="center" style={{ gap: 16 }}>
    <Button variant="outlined" onClick={onRun} disabled={disabled || !canRun}>
      {again ? 'Run the dry run again' : 'Run the dry run'}
    </Button>
    <FormControlLabel
      control={
        <Checkbox
          checked={acknowledged}
          disabled={
            disabled || !(record?.status === 'succeeded' && record.dryRun)
          }
          onChange={(_event, checked) =>
            onChange(
              (checked && record && fingerprint
                ? { operationId: record.id, fingerprint, acknowledged: true }
                : undefined) as DryRunReviewValue,
            )
          }
        />
      }
      label="I have reviewed this plan"
    />
  </Box>
);

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
  const form = formContext?.formData as RunbookFormData | undefined;
  const built = buildRunbookRequest(uiSchema?.['ui:options'], form);
  const fingerprint = built.request
    ? requestFingerprint(built.request)
    : undefined;
  const { state, run } = useDryRun({
    request: built.request,
    fingerprint,
    reviewed: formData,
    onChange,
  });

  const current =
    (state.phase === 'done' || state.phase === 'error') &&
    state.fingerprint === fingerprint;
  const record = current && state.phase === 'done' ? state.record : undefined;

  return (
    <FormControl margin="normal" fullWidth error={Boolean(rawErrors?.length)}>
      <Typography variant="h6">{schema.title ?? 'Dry run'}</Typography>
      {schema.description && (
        <Typography variant="body2">{schema.description}</Typography>
      )}
      <PolicyNote
        runbook={uiSchema?.['ui:options']?.runbook}
        environment={form?.target?.environment}
      />
      {!built.request && (
        <FormHelperText>{`Fill in ${built.missing.join(
          ', ',
        )} to run the dry run.`}</FormHelperText>
      )}
      {state.phase === 'running' && <DryRunProgress />}
      {current && state.phase === 'error' && (
        <DryRunRefusal message={state.message} />
      )}
      {record && <DryRunResult record={record} />}
      <ReviewControls
        record={record}
        fingerprint={fingerprint}
        acknowledged={Boolean(
          formData?.acknowledged &&
            formData.fingerprint === fingerprint &&
            record,
        )}
        canRun={Boolean(built.request) && state.phase !== 'running'}
        again={Boolean(record) || state.phase === 'error'}
        disabled={disabled}
        onRun={() => run()}
        onChange={onChange}
      />
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
