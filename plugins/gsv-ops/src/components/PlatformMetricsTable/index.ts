export { PlatformMetricsTable } from './PlatformMetricsTable';
export { PlatformMetricsContent } from './PlatformMetricsContent';
export type { PlatformMetricsContentProps } from './PlatformMetricsContent';
