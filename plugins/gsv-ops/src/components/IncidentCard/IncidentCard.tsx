import { useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  gsvOpsEntityReadPermission,
  gsvOpsIncidentManagePermission,
} from '@gsv/plugin-gsv-ops-common';
import { useOpenIncident } from '../../hooks/useOpenIncident';
import { isPermissionDenied } from '../../lib/errors';
import { DeclareIncidentDialog } from './DeclareIncidentDialog';
import { IncidentRecordDialog } from './IncidentRecordDialog';
import { OpenIncident } from './OpenIncident';

export interface IncidentCardProps {
  entityRef: string;
  /** Refetch when this changes (the Ops view's etag). */
  refreshKey?: string;
}

/**
 * Incident mode at the top of the Ops tab: the open incident with its live timeline (change severity, add notes,
 * resolve), or a "Declare incident" action; once resolved here, the post-incident record. A grid item.
 */
export const IncidentCard = ({ entityRef, refreshKey }: IncidentCardProps) => {
  const { loading, error, detail, lastResolved, reload } = useOpenIncident(
    entityRef,
    refreshKey,
  );
  const manage = usePermission({
    permission: gsvOpsIncidentManagePermission,
    resourceRef: entityRef,
  });
  const [declaring, setDeclaring] = useState(false);
  const [recordOf, setRecordOf] = useState<string>();

  let body: JSX.Element;
  if (error && isPermissionDenied(error)) {
    body = (
      <Typography variant="body2" color="textSecondary">
        You don't have access to the incidents of this service (permission{' '}
        <code>{gsvOpsEntityReadPermission.name}</code>).
      </Typography>
    );
  } else if (error) {
    body = (
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="body2" color="error" role="alert">
          The incidents could not be loaded: {error.message}
        </Typography>
        <Button size="small" variant="outlined" onClick={reload}>
          Try again
        </Button>
      </Box>
    );
  } else if (loading) {
    body = <Progress />;
  } else if (detail) {
    body = (
      <OpenIncident
        detail={detail}
        canManage={manage.allowed}
        onChanged={reload}
        onResolved={id => {
          setRecordOf(id);
          reload();
        }}
      />
    );
  } else {
    body = (
      <Box display="flex" alignItems="center" style={{ gap: 16 }}>
        <Typography variant="body2" color="textSecondary">
          No incident is open on this service.
        </Typography>
        {lastResolved && (
          <Button size="small" onClick={() => setRecordOf(lastResolved.id)}>
            Record of {lastResolved.id}
          </Button>
        )}
        {manage.allowed && (
          <Button
            color="secondary"
            variant="outlined"
            onClick={() => setDeclaring(true)}
          >
            Declare incident
          </Button>
        )}
      </Box>
    );
  }

  return (
    <Grid item xs={12}>
      <InfoCard title={detail ? 'Open incident' : 'Incident'}>{body}</InfoCard>
      <DeclareIncidentDialog
        entityRef={entityRef}
        open={declaring}
        onClose={() => setDeclaring(false)}
        onDeclared={() => {
          setDeclaring(false);
          reload();
        }}
      />
      <IncidentRecordDialog
        incidentId={recordOf}
        onClose={() => setRecordOf(undefined)}
      />
    </Grid>
  );
};
