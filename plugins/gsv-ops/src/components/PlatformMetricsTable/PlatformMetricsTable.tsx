import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import { usePlatformMetrics } from '../../hooks/useEntityMetrics';
import { errorMessage, isPermissionDenied } from '../../lib/errors';
import { PlatformMetricsContent } from './PlatformMetricsContent';

/** The platform page's key metrics section: loading, refused and failing states around {@link PlatformMetricsContent}. */
export const PlatformMetricsTable = () => {
  const metrics = usePlatformMetrics();
  if (metrics.value) return <PlatformMetricsContent view={metrics.value} />;
  if (metrics.error) {
    return (
      <InfoCard title="Key metrics per service">
        <Alert
          severity={isPermissionDenied(metrics.error) ? 'info' : 'error'}
          data-testid="platform-metrics-failed"
          action={
            isPermissionDenied(metrics.error) ? undefined : (
              <Button color="inherit" size="small" onClick={metrics.retry}>
                Try again
              </Button>
            )
          }
        >
          {isPermissionDenied(metrics.error)
            ? 'You may not read the platform metrics (gsv-ops.platform.read).'
            : `Could not load the key metrics: ${errorMessage(metrics.error)}`}
        </Alert>
      </InfoCard>
    );
  }
  return (
    <InfoCard title="Key metrics per service">
      <div aria-busy="true" data-testid="platform-metrics-loading">
        {[0, 1, 2].map(i => (
          <Skeleton key={i} variant="text" height={32} />
        ))}
      </div>
    </InfoCard>
  );
};
