import {
  createBackupDatabaseAction,
  createCleanupWorkloadsAction,
  createConfigurePoolerAction,
  createRenewCertificateAction,
  createRestartDeploymentAction,
  createRestoreDatabaseAction,
  createRollbackDeploymentAction,
  createRotateSecretAction,
  createScaleAutoscalerAction,
  createMigrateDatabaseAction,
  createPromoteImageAction,
  createMaintainDatabaseAction,
  createDiagnoseServiceAction,
  createScaleDatabaseAction,
  createScaleDeploymentAction,
  createSetDeploymentResourcesAction,
  createSetRolloutStrategyAction,
  createSwitchoverDatabaseAction,
  createSyncApplicationAction,
} from '../actions';
import type { RunbookTemplateAction } from './createRunbookAction';
import type { RunbookActionOptions } from './types';

/**
 * All runbook actions, in the ops guide's order (the order of `RUNBOOKS`), built with the same collaborators.
 *
 * @public
 */
export function createRunbookActions(
  options: RunbookActionOptions,
): RunbookTemplateAction[] {
  return [
    createRestartDeploymentAction(options),
    createScaleDeploymentAction(options),
    createRollbackDeploymentAction(options),
    createSetDeploymentResourcesAction(options),
    createBackupDatabaseAction(options),
    createSwitchoverDatabaseAction(options),
    createRenewCertificateAction(options),
    createRotateSecretAction(options),
    createSyncApplicationAction(options),
    createRestoreDatabaseAction(options),
    createScaleDatabaseAction(options),
    createCleanupWorkloadsAction(options),
    createScaleAutoscalerAction(options),
    createMigrateDatabaseAction(options),
    createPromoteImageAction(options),
    createMaintainDatabaseAction(options),
    createDiagnoseServiceAction(options),
    createConfigurePoolerAction(options),
    createSetRolloutStrategyAction(options),
  ];
}
