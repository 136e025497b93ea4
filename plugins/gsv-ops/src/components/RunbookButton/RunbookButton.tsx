import { LinkButton } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import { usePermission } from '@backstage/plugin-permission-react';
import Autorenew from '@material-ui/icons/Autorenew';
import Assessment from '@material-ui/icons/Assessment';
import Backup from '@material-ui/icons/Backup';
import DeleteSweep from '@material-ui/icons/DeleteSweep';
import History from '@material-ui/icons/History';
import LocalHospital from '@material-ui/icons/LocalHospital';
import Memory from '@material-ui/icons/Memory';
import TrendingUp from '@material-ui/icons/TrendingUp';
import CallSplit from '@material-ui/icons/CallSplit';
import SettingsInputComponent from '@material-ui/icons/SettingsInputComponent';
import Replay from '@material-ui/icons/Replay';
import Restore from '@material-ui/icons/Restore';
import Storage from '@material-ui/icons/Storage';
import SwapHoriz from '@material-ui/icons/SwapHoriz';
import Sync from '@material-ui/icons/Sync';
import Tune from '@material-ui/icons/Tune';
import VpnKey from '@material-ui/icons/VpnKey';
import {
  getRunbook,
  gsvOpsProductionOperatePermission,
  RunbookId,
} from '@gsv/plugin-gsv-ops-common';
import { useRunbookLink } from '../../hooks/useRunbookLink';
import type { RunbookTarget } from '../../lib/runbookLinks';

export const RUNBOOK_ICONS: Record<RunbookId, typeof Replay> = {
  'deployment-restart': Replay,
  'deployment-scale': Tune,
  'deployment-rollback': History,
  'deployment-set-resources': Memory,
  'database-backup': Backup,
  'database-switchover': SwapHoriz,
  'certificate-renew': Autorenew,
  'secret-rotate': VpnKey,
  'application-sync': Sync,
  'database-restore': Restore,
  'database-scale': Tune,
  'workload-cleanup': DeleteSweep,
  'autoscaler-scale': Tune,
  'database-migrate': Storage,
  'image-promote': TrendingUp,
  'database-maintenance': Assessment,
  'service-diagnostics': LocalHospital,
  'pooler-configure': SettingsInputComponent,
  'deployment-rollout-strategy': CallSplit,
};

/** Short verbs for buttons in table rows. */
export const RUNBOOK_SHORT_LABELS: Record<RunbookId, string> = {
  'deployment-restart': 'Restart',
  'deployment-scale': 'Scale',
  'deployment-rollback': 'Roll back',
  'deployment-set-resources': 'Resources',
  'database-backup': 'Back up now',
  'database-switchover': 'Switch over',
  'certificate-renew': 'Renew',
  'secret-rotate': 'Rotate',
  'application-sync': 'Sync',
  'database-restore': 'Restore',
  'database-scale': 'Scale',
  'workload-cleanup': 'Clean up',
  'autoscaler-scale': 'Scale autoscaler',
  'database-migrate': 'Migrate',
  'image-promote': 'Promote',
  'database-maintenance': 'Maintenance',
  'service-diagnostics': 'Diagnose',
  'pooler-configure': 'Configure pooler',
  'deployment-rollout-strategy': 'Rollout strategy',
};

export interface RunbookButtonProps {
  runbook: RunbookId;
  entityRef: string;
  target: RunbookTarget;
  /** Defaults to the runbook's short verb. */
  label?: string;
  /** A filled button, for the action that fits the current problem. */
  emphasis?: boolean;
  /** In dense places (table rows), hide the button instead of disabling it when the user may not run it. */
  hideWhenDenied?: boolean;
  fullWidth?: boolean;
}

/**
 * Opens the runbook's template with the form prefilled for the target. Checked with `usePermission` against the
 * runbook's permission on the entity (and `gsv-ops.production.operate` in production); without it the button is
 * disabled with the reason, or hidden.
 */
export const RunbookButton = ({
  runbook: runbookId,
  entityRef,
  target,
  label,
  emphasis,
  hideWhenDenied,
  fullWidth,
}: RunbookButtonProps) => {
  const runbook = getRunbook(runbookId)!;
  const link = useRunbookLink();
  const own = usePermission({
    permission: runbook.permission,
    resourceRef: entityRef,
  });
  const production = usePermission({
    permission: gsvOpsProductionOperatePermission,
    resourceRef: entityRef,
  });
  const isProduction = target.environment === 'prod';
  const loading = own.loading || (isProduction && production.loading);
  const allowed = own.allowed && (!isProduction || production.allowed);
  const Icon = RUNBOOK_ICONS[runbookId];
  const text = label ?? RUNBOOK_SHORT_LABELS[runbookId];
  const where = target.namespace
    ? `${target.namespace}/${target.name}`
    : target.name;

  if (!loading && !allowed && hideWhenDenied) return null;

  let reason: string;
  if (loading) reason = 'Checking your permissions…';
  else if (!own.allowed)
    reason = `You cannot ${runbook.title.toLocaleLowerCase(
      'en-US',
    )} here: it needs the permission ${
      runbook.permission.name
    } on this service (its owners and the platform team have it).`;
  else if (!allowed)
    reason = `Operating in production needs the permission ${gsvOpsProductionOperatePermission.name} (the platform team has it).`;
  else
    reason = `${runbook.title} ${where} in ${target.cluster}: ${runbook.description} Opens the runbook with the form filled in; you review a dry run before anything changes.`;

  const button = (
    <LinkButton
      to={link(runbook, entityRef, target)}
      size="small"
      variant={emphasis ? 'contained' : 'outlined'}
      color="primary"
      startIcon={<Icon fontSize="small" />}
      disabled={loading || !allowed}
      fullWidth={fullWidth}
      style={{
        textTransform: 'none',
        justifyContent: fullWidth ? 'flex-start' : undefined,
        whiteSpace: 'nowrap',
      }}
      aria-label={`${runbook.title}: ${where}`}
      data-testid={`runbook-${runbookId}`}
    >
      {text}
    </LinkButton>
  );
  return (
    <Tooltip title={reason}>
      {/* a span, so the tooltip also explains a disabled button */}
      <span style={{ display: fullWidth ? 'block' : 'inline-block' }}>
        {button}
      </span>
    </Tooltip>
  );
};
