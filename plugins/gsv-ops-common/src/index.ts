/**
 * Shared types, entity annotations, permissions, runbook definitions and the HTTP client of the GSV Ops plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './runbooks';
export * from './runbookParameters';
export * from './types';
export * from './levels';
export * from './operations';
export * from './clientApi';
export * from './client';
export * from './metrics';
export * from './opsTabUrl';
export * from './maintenance';
export * from './logs';
export * from './signalChannels';
export * from './alertmanagerRoutes';
export * from './alerting';
export * from './rightSizing';
export * from './security';
export * from './drReadiness';
export * from './checks';
export * from './incidents';
export * from './images';
export * from './promotion';
export * from './databaseMaintenance';
export * from './diagnostics';
export * from './poolers';
export {
  buildRunbookRequest,
  requestFingerprint,
  reviewProblem,
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
export { GSV_OPS_FIELD_NAMES } from './runbookFieldNames';
export * from './bloatReports';
