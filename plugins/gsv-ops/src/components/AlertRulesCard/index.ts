export { AlertRulesCard } from './AlertRulesCard';
export { AlertRulesTable } from './AlertRulesTable';
export type { AlertRuleRow } from './AlertRulesTable';
export { LoadFailure, LoadingLines } from './LoadStates';
