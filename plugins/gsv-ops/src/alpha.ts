/**
 * GSV Ops for Backstage's new frontend system: `import gsvOpsPlugin from '@gsv/plugin-gsv-ops/alpha'`.
 *
 * @packageDocumentation
 */

export { gsvOpsPlugin as default } from './alpha/plugin';
