import type { ClusterOpsView } from '@gsv/plugin-gsv-ops-common';

/** What the sections of the Ops tab get: the entity they belong to (for the runbook buttons) and the cluster shown. */
export interface ClusterSectionProps {
  entityRef: string;
  cluster: ClusterOpsView;
}
