/**
 * The GSV permission policy for Backstage.
 *
 * @packageDocumentation
 */

export { permissionModuleGsvPolicy as default } from './module';
export { GsvPermissionPolicy } from './GsvPermissionPolicy';
export type { Audience } from './decisions';
