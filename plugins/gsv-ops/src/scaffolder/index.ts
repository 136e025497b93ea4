export {
  GsvOpsTargetPickerFieldExtension,
  GsvOpsDryRunReviewFieldExtension,
} from './extensions';
export { GSV_OPS_FIELD_NAMES } from './fieldNames';
export {
  buildRunbookRequest,
  requestFingerprint,
  runbookTemplateFormData,
} from './runbookForm';
export type {
  DryRunReviewUiOptions,
  DryRunReviewValue,
  RunbookFormData,
  RunbookRequest,
  RunbookTargetValue,
  TargetPickerUiOptions,
} from './runbookForm';
