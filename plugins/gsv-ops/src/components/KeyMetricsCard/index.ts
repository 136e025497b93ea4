export { KeyMetricsCard } from './KeyMetricsCard';
export type { KeyMetricsCardProps } from './KeyMetricsCard';
