export { GitOpsCard, syncLevel, healthLevel } from './GitOpsCard';
