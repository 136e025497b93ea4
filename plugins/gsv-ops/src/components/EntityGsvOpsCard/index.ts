export { EntityGsvOpsCard } from './EntityGsvOpsCard';
