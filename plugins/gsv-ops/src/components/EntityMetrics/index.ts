export {
  EntityMetrics,
  MetricsNotConfigured,
  MetricsSkeleton,
} from './EntityMetrics';
export type { EntityMetricsProps } from './EntityMetrics';
