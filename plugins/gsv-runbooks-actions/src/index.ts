/**
 * Scaffolder actions that run the GSV Ops runbooks through the gsv-ops backend, and the module that registers them.
 *
 * @packageDocumentation
 */

export { scaffolderModuleGsvRunbooks as default } from './module';
export * from './actions';
export { createRunbookActions } from './lib/createRunbookActions';
export { createCheckActions } from './lib/createCheckActions';
export { parseRunbookInput } from './lib/runbookInput';
export type { ParsedRunbookInput } from './lib/runbookInput';
export type { CheckActionOptions } from './lib/checkActions';
export type { RunbookActionOptions } from './lib/types';
export type { RunbookActionOutput } from './lib/runOperation';
export type {
  RunbookActionInput,
  RunbookTemplateAction,
} from './lib/createRunbookAction';
