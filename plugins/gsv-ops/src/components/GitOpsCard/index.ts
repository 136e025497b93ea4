export { GitOpsCard } from './GitOpsCard';
