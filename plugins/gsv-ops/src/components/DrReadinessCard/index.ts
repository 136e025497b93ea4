export { DrReadinessCard } from './DrReadinessCard';
export type { DrReadinessCardProps } from './DrReadinessCard';
export { PlatformDrReadinessTable } from './PlatformDrReadinessTable';
