/**
 * GSV Ops frontend: the service Ops tab, its overview card and the platform health page.
 *
 * @packageDocumentation
 */

export {
  gsvOpsPlugin,
  EntityGsvOpsContent,
  EntityGsvOpsCard,
  GsvPlatformHealthPage,
} from './plugin';
export { isGsvOpsAvailable } from './isGsvOpsAvailable';
export { gsvOpsApiRef, GsvOpsClient } from './api/GsvOpsApi';
export type { GsvOpsApi } from './api/GsvOpsApi';
export * from './scaffolder';
