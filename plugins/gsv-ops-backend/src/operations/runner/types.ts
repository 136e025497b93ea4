import type { ObjectRef } from '@gsv/plugin-gsv-ops-common';
import type { GsvOpsCluster } from '../../services/ClusterRegistry/types';
import type { OperationLimits } from '../config/readOperationsConfig';
import type { EntityScope, Runbook } from '../runbooks/types';

/** An admitted, locked and recorded operation, as the runner executes it. */
export interface Execution {
  id: string;
  runbook: Runbook<any>;
  params: any;
  cluster: GsvOpsCluster;
  environment: string;
  entityRef: string;
  targetRef: ObjectRef;
  /** The lock keys it holds (renewed with its lease while it runs). */
  lockTargets: string[];
  dryRun: boolean;
  initiatedBy: string;
  scope: EntityScope;
  /** What the preflight learnt, plus the engine's settings the runbook needs (e.g. `verifyMs`). */
  facts: Record<string, unknown>;
  limits: OperationLimits;
  incident?: { id: string; severity: string };
}
