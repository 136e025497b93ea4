export { RecentOperations, OperationStatusLabel } from './RecentOperations';
