import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import { useEntityDrReadiness } from '../../hooks/useDrReadiness';
import { errorMessage, isPermissionDenied } from '../../lib/errors';
import { namespacedName } from '../../lib/format';
import { DrReadinessLineSection } from './DrReadinessLineSection';

export interface DrReadinessCardProps {
  entityRef: string;
  /** The cluster shown on the tab. */
  cluster: string;
}

/** Loading, refused and failing states of the DR readiness reads (the card and the platform table). */
export const DrReadinessState = ({
  error,
  retry,
}: {
  error?: Error;
  retry: () => void;
}) => {
  if (!error) {
    return (
      <div aria-busy="true" data-testid="dr-readiness-loading">
        {[0, 1, 2].map(i => (
          <Skeleton key={i} variant="text" height={32} />
        ))}
      </div>
    );
  }
  const denied = isPermissionDenied(error);
  return (
    <Alert
      severity={denied ? 'info' : 'error'}
      data-testid="dr-readiness-failed"
      action={
        denied ? undefined : (
          <Button color="inherit" size="small" onClick={retry}>
            Try again
          </Button>
        )
      }
    >
      {denied
        ? 'You may not see whether these databases could be restored (gsv-ops.entity.read / gsv-ops.platform.read).'
        : `Could not load the DR readiness: ${errorMessage(error)}`}
    </Alert>
  );
};

/**
 * Ops guide §5.3, DR readiness: for each CloudNativePG database of the service in this cluster, whether it could be
 * restored now to a point a few minutes ago, how much data that would lose, the last backup and restore rehearsal,
 * and what blocks it, with the runbook that fixes each blocker.
 */
export const DrReadinessCard = ({
  entityRef,
  cluster,
}: DrReadinessCardProps) => {
  const dr = useEntityDrReadiness(entityRef, cluster);
  const items = dr.value?.items;
  return (
    <InfoCard
      title="DR readiness"
      subheader="Could each database be restored now, and at what loss"
      noPadding
    >
      {!dr.value && (
        <Box p={2}>
          <DrReadinessState error={dr.error} retry={dr.retry} />
        </Box>
      )}
      {dr.value?.metricErrors.map(e => (
        <Box p={2} pb={0} key={e.cluster}>
          <Alert severity="warning">{e.message}</Alert>
        </Box>
      ))}
      {items?.length === 0 && (
        <Box p={2}>
          <Typography variant="body2" data-testid="dr-readiness-empty">
            Nothing to restore: the service has no CloudNativePG database in{' '}
            {cluster}.
          </Typography>
        </Box>
      )}
      {items?.map((line, index) => (
        <div key={namespacedName(line)}>
          {index > 0 && <Divider />}
          <DrReadinessLineSection line={line} entityRef={entityRef} />
        </div>
      ))}
    </InfoCard>
  );
};
