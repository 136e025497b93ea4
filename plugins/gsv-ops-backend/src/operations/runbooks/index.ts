import type { RunbookId } from '@gsv/plugin-gsv-ops-common';
import { applicationSync } from './applicationSync';
import { autoscalerScale } from './autoscalerScale';
import { certificateRenew } from './certificateRenew';
import { databaseBackup } from './databaseBackup';
import { databaseRestore } from './databaseRestore';
import { databaseScale } from './databaseScale';
import { databaseSwitchover } from './databaseSwitchover';
import { deploymentRestart } from './deploymentRestart';
import { deploymentRolloutStrategy } from './deploymentRolloutStrategy';
import { deploymentRollback } from './deploymentRollback';
import { deploymentScale } from './deploymentScale';
import { deploymentSetResources } from './deploymentSetResources';
import { poolerConfigure } from './poolerConfigure';
import { secretRotate } from './secretRotate';
import type { Runbook } from './types';
import { workloadCleanup } from './workloadCleanup';

/** The implementation of every runbook of gsv-ops-common's RUNBOOKS, by id. */
export const RUNBOOK_IMPLEMENTATIONS: { [K in RunbookId]: Runbook<K> } = {
  'deployment-restart': deploymentRestart,
  'deployment-scale': deploymentScale,
  'deployment-rollback': deploymentRollback,
  'deployment-set-resources': deploymentSetResources,
  'database-backup': databaseBackup,
  'database-switchover': databaseSwitchover,
  'certificate-renew': certificateRenew,
  'secret-rotate': secretRotate,
  'application-sync': applicationSync,
  'database-restore': databaseRestore,
  'database-scale': databaseScale,
  'workload-cleanup': workloadCleanup,
  'autoscaler-scale': autoscalerScale,
  'pooler-configure': poolerConfigure,
  'deployment-rollout-strategy': deploymentRolloutStrategy,
};
