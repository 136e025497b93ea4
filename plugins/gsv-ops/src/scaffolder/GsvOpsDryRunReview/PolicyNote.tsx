import FormHelperText from '@material-ui/core/FormHelperText';
import type { RunbookId } from '@gsv/plugin-gsv-ops-common';
import { useMaintenanceCalendar } from '../../hooks/useMaintenanceCalendar';

/**
 * Before the dry run: whether the environment's maintenance policy lets this runbook run now, and the approvals a
 * real run will wait for — what the engine will say, said first.
 */
export const PolicyNote = ({
  runbook,
  environment,
}: {
  runbook?: RunbookId;
  environment?: string;
}) => {
  const { value } = useMaintenanceCalendar(environment, runbook);
  const entry = value?.runbooks.find(r => r.runbook === runbook);
  if (!runbook || !environment || !entry) return null;
  const approval = entry.approval
    ? ` A real run waits for ${entry.approval.required} approval${
        entry.approval.required === 1 ? '' : 's'
      } from ${entry.approval.group.replace(/^group:default\//, '')} (not you).`
    : '';
  return (
    <FormHelperText data-testid="policy-note" error={!entry.allowedNow}>
      {entry.allowedNow
        ? `Allowed now in ${environment}.${approval}`
        : `Not now: ${entry.reason}.${approval}`}
    </FormHelperText>
  );
};
