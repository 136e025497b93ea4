export {
  DeploymentsCard,
  deploymentState,
  rolloutText,
} from './DeploymentsCard';
