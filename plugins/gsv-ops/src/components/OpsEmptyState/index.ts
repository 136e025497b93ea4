export { OpsEmptyState, annotationSnippet } from './OpsEmptyState';
