/**
 * GSV Ops backend plugin: a shared watch cache over your clusters and the Ops views served from it.
 *
 * @packageDocumentation
 */

export { gsvOpsPlugin as default } from './plugin';
