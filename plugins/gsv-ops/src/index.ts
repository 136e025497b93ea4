/**
 * GSV Ops frontend: the service Ops tab and the platform health page.
 *
 * @packageDocumentation
 */

export { gsvOpsPlugin, EntityGsvOpsContent, EntityGsvOpsCard, GsvPlatformHealthPage } from './plugin';
export { isGsvOpsAvailable } from './isGsvOpsAvailable';
export { gsvOpsApiRef } from './api/GsvOpsApi';
export type { GsvOpsApi } from './api/GsvOpsApi';
