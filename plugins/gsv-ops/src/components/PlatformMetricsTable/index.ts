export {
  PlatformMetricsContent,
  PlatformMetricsTable,
} from './PlatformMetricsTable';
export type { PlatformMetricsContentProps } from './PlatformMetricsTable';
