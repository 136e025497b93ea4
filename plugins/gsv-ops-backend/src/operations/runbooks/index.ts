import type { RunbookId } from '@gsv/plugin-gsv-ops-common';
import { applicationSync } from './applicationSync';
import { autoscalerScale } from './autoscalerScale';
import { certificateRenew } from './certificateRenew';
import { databaseBackup } from './databaseBackup';
import { databaseMigrate } from './databaseMigrate';
import { databaseMaintenance } from './databaseMaintenance';
import { serviceDiagnostics } from './serviceDiagnostics';
import { databaseRestore } from './databaseRestore';
import { databaseScale } from './databaseScale';
import { databaseSwitchover } from './databaseSwitchover';
import { deploymentRestart } from './deploymentRestart';
import { deploymentRolloutStrategy } from './deploymentRolloutStrategy';
import { deploymentRollback } from './deploymentRollback';
import { deploymentScale } from './deploymentScale';
import { deploymentSetResources } from './deploymentSetResources';
import { unconfiguredImagePromote } from './imagePromote';
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
  'database-migrate': databaseMigrate,
  // replaced by createOperations with the one of gsvOps.promotion
  'image-promote': unconfiguredImagePromote,
  'database-maintenance': databaseMaintenance,
  'service-diagnostics': serviceDiagnostics,
  'pooler-configure': poolerConfigure,
  'deployment-rollout-strategy': deploymentRolloutStrategy,
};
