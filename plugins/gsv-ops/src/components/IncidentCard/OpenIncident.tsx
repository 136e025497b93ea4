import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  INCIDENT_SEVERITIES,
  type IncidentDetail,
  type IncidentSeverity,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { userRefLabel } from '../../lib/entityRefs';
import { RelativeTime } from '../RelativeTime';
import { IncidentTimeline } from './IncidentTimeline';
import { useIncidentAction } from './useIncidentAction';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'center',
    flexWrap: 'wrap',
  },
  severity: { fontWeight: 'bold' },
  critical: {
    background: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  actions: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    flexWrap: 'wrap',
    margin: theme.spacing(2, 0),
  },
  note: { flex: 1, minWidth: 240 },
}));

export interface OpenIncidentProps {
  detail: IncidentDetail;
  canManage: boolean;
  /** Called after a change here (the incident reloads). */
  onChanged: () => void;
  /** Called once resolved, with the incident's id (its record is shown). */
  onResolved: (id: string) => void;
}

/** The open incident: severity, summary, commander, age; change severity, add a note, resolve; its live timeline. */
export const OpenIncident = ({
  detail,
  canManage,
  onChanged,
  onResolved,
}: OpenIncidentProps) => {
  const classes = useStyles();
  const api = useApi(gsvOpsApiRef);
  const { incident, timeline, errors } = detail;
  const [note, setNote] = useState('');
  const { busy, error, run: act } = useIncidentAction();

  return (
    <>
      <Box className={classes.facts}>
        <Chip
          label={incident.severity}
          className={`${classes.severity} ${
            ['P1', 'P2'].includes(incident.severity) ? classes.critical : ''
          }`}
        />
        <Typography variant="h6" component="p">
          {incident.summary}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {incident.id} · commander {userRefLabel(incident.commander)} ·{' '}
          <RelativeTime value={incident.declaredAt} prefix="declared" /> by{' '}
          {userRefLabel(incident.declaredBy)}
        </Typography>
      </Box>
      {canManage && (
        <Box className={classes.actions}>
          <TextField
            select
            id="incident-severity"
            label="Severity"
            value={incident.severity}
            disabled={busy}
            onChange={e =>
              act(
                () =>
                  api.updateIncident(incident.id, {
                    severity: e.target.value as IncidentSeverity,
                  }),
                onChanged,
              )
            }
          >
            {INCIDENT_SEVERITIES.map(s => (
              <MenuItem key={s} value={s}>
                {s}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            className={classes.note}
            id="incident-note"
            label="Note"
            value={note}
            onChange={e => setNote(e.target.value)}
            inputProps={{ maxLength: 4000 }}
          />
          <Button
            variant="outlined"
            disabled={busy || !note.trim()}
            onClick={() =>
              act(
                () => api.addIncidentNote(incident.id, note.trim()),
                () => {
                  setNote('');
                  onChanged();
                },
              )
            }
          >
            Add note
          </Button>
          <Button
            color="primary"
            variant="contained"
            disabled={busy}
            onClick={() =>
              act(
                () => api.resolveIncident(incident.id),
                () => onResolved(incident.id),
              )
            }
          >
            Resolve
          </Button>
        </Box>
      )}
      {error && (
        <Typography role="alert" color="error" variant="body2">
          {error}
        </Typography>
      )}
      {errors.map(e => (
        <Typography key={e} variant="body2" color="textSecondary">
          Not shown right now: {e}
        </Typography>
      ))}
      <IncidentTimeline entries={timeline} />
    </>
  );
};
