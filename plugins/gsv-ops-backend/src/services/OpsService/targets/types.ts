import type { OpsTarget } from '@gsv/plugin-gsv-ops-common';

/** What every target row of a cluster shares. */
export type TargetBase = Pick<OpsTarget, 'cluster' | 'environment'>;
