import type { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import {
  GsvOpsTargetPicker,
  targetPickerValidation,
} from './GsvOpsTargetPicker';
import {
  GsvOpsDryRunReview,
  dryRunReviewValidation,
} from './GsvOpsDryRunReview';
import {
  GSV_OPS_FIELD_NAMES,
  type DryRunReviewUiOptions,
  type DryRunReviewValue,
  type RunbookTargetValue,
  type TargetPickerUiOptions,
} from '@gsv/plugin-gsv-ops-common';

/** A field without a JSON schema of its own: what both frontend systems' field factories take. */
type RunbookField<TValue, TUiOptions> = Omit<
  FieldExtensionOptions<TValue, TUiOptions>,
  'schema'
>;

/**
 * The two custom fields of the runbook templates, for the legacy `createScaffolderFieldExtension` and the new
 * system's `createFormField`.
 */
export const targetPickerField: RunbookField<
  RunbookTargetValue,
  TargetPickerUiOptions
> = {
  name: GSV_OPS_FIELD_NAMES.targetPicker,
  component: GsvOpsTargetPicker,
  validation: targetPickerValidation,
};

export const dryRunReviewField: RunbookField<
  DryRunReviewValue,
  DryRunReviewUiOptions
> = {
  name: GSV_OPS_FIELD_NAMES.dryRunReview,
  component: GsvOpsDryRunReview,
  validation: (value, validation, context) =>
    dryRunReviewValidation(value, validation, context),
};
