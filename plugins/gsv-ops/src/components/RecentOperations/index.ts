export { RecentOperations } from './RecentOperations';
export { OperationStatusLabel } from './OperationStatusLabel';
