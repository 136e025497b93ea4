import { useEffect, useState } from 'react';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  INCIDENT_SEVERITIES,
  type IncidentSeverity,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { useIncidentAction } from './useIncidentAction';

const SEVERITY_HINTS: Record<IncidentSeverity, string> = {
  P1: 'P1 — service down or data at risk (approvals are waived and reviewed afterwards)',
  P2: 'P2 — major degradation (may override the maintenance window)',
  P3: 'P3 — minor degradation',
  P4: 'P4 — little or no user impact',
};

export interface DeclareIncidentDialogProps {
  entityRef: string;
  open: boolean;
  onClose: () => void;
  onDeclared: () => void;
}

/** Declares an incident on the service: severity, summary and commander (the current user unless changed). */
export const DeclareIncidentDialog = ({
  entityRef,
  open,
  onClose,
  onDeclared,
}: DeclareIncidentDialogProps) => {
  const api = useApi(gsvOpsApiRef);
  const identityApi = useApi(identityApiRef);
  const [severity, setSeverity] = useState<IncidentSeverity>('P2');
  const [summary, setSummary] = useState('');
  const [commander, setCommander] = useState('');
  const { busy, error, run } = useIncidentAction();

  useEffect(() => {
    if (!open) return;
    identityApi
      .getBackstageIdentity()
      .then(identity => setCommander(c => c || identity.userEntityRef))
      .catch(() => {});
  }, [identityApi, open]);

  const declare = () =>
    run(
      () =>
        api.declareIncident({
          entityRef,
          severity,
          summary: summary.trim(),
          ...(commander.trim() ? { commander: commander.trim() } : {}),
        }),
      () => {
        setSummary('');
        onDeclared();
      },
    );

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Declare an incident</DialogTitle>
      <DialogContent>
        <TextField
          select
          id="incident-declare-severity"
          label="Severity"
          value={severity}
          onChange={e => setSeverity(e.target.value as IncidentSeverity)}
          fullWidth
          margin="normal"
        >
          {INCIDENT_SEVERITIES.map(s => (
            <MenuItem key={s} value={s}>
              {SEVERITY_HINTS[s]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="incident-declare-summary"
          label="Summary"
          value={summary}
          onChange={e => setSummary(e.target.value)}
          helperText="What users see, in one sentence"
          fullWidth
          margin="normal"
          inputProps={{ maxLength: 500 }}
        />
        <TextField
          id="incident-declare-commander"
          label="Commander"
          value={commander}
          onChange={e => setCommander(e.target.value)}
          helperText="The user who leads the response, e.g. user:default/jane"
          fullWidth
          margin="normal"
        />
        {error && (
          <Typography role="alert" color="error" variant="body2">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || summary.trim().length < 3}
          onClick={declare}
        >
          Declare
        </Button>
      </DialogActions>
    </Dialog>
  );
};
