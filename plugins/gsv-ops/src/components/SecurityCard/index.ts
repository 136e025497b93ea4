export { SecurityCard } from './SecurityCard';
export { SeverityCounts } from './SeverityCounts';
export { RiskChips } from './ServiceAccountsSection';
