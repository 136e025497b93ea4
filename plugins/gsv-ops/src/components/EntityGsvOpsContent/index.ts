export { EntityGsvOpsContent } from './EntityGsvOpsContent';
