export {
  GsvOpsTargetPickerFieldExtension,
  GsvOpsDryRunReviewFieldExtension,
} from './extensions';
// the form's logic is shared with the template check (@gsv/runbooks-check): it lives in gsv-ops-common
export {
  GSV_OPS_FIELD_NAMES,
  buildRunbookRequest,
  requestFingerprint,
  runbookTemplateFormData,
} from '@gsv/plugin-gsv-ops-common';
export type {
  DryRunReviewUiOptions,
  DryRunReviewValue,
  RunbookFormData,
  RunbookRequest,
  RunbookTargetValue,
  TargetPickerUiOptions,
} from '@gsv/plugin-gsv-ops-common';
