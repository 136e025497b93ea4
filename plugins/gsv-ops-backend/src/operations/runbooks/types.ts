export type {
  Change,
  EntityScope,
  KubeReader,
  PreflightContext,
  PreflightResult,
  Runbook,
  RunbookContext,
  RunbookOutcome,
  RunbookTarget,
  StepHandle,
} from '@gsv/plugin-gsv-ops-node';
export { OPERATION_ID_ANNOTATION } from '@gsv/plugin-gsv-ops-node';
