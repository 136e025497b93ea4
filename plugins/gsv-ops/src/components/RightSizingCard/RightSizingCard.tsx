import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  ClusterOpsView,
  EntityRightSizingView,
} from '@gsv/plugin-gsv-ops-common';
import { useEntityRightSizing } from '../../hooks/useRightSizing';
import { ContainerTable } from './ContainerTable';
import { CompletedJobsList, UnusedPvcList } from './Leftovers';
import { RightSizingStates } from './RightSizingStates';

const Section = ({
  title,
  children,
}: {
  title: string;
  children: React.ReactNode;
}) => (
  <Box mt={3}>
    <Typography variant="subtitle2" gutterBottom>
      {title}
    </Typography>
    {children}
  </Box>
);

/** Why there is no usage: Prometheus not configured, or failing (the rest is current either way). */
const UsageNotes = ({ view }: { view: EntityRightSizingView }) => (
  <>
    {!view.usageConfigured && (
      <Alert severity="info" data-testid="right-sizing-no-prometheus">
        No Prometheus is configured for {view.cluster}
        (gsvOps.clusters.{view.cluster}.prometheus): requests are shown without
        usage.
      </Alert>
    )}
    {view.errors.map(error => (
      <Alert
        key={error.message}
        severity="warning"
        data-testid="right-sizing-usage-error"
      >
        Usage could not be read: {error.message}. Requests, volumes and Jobs
        below are current.
      </Alert>
    ))}
  </>
);

export const RightSizingContent = ({
  view,
  entityRef,
}: {
  view: EntityRightSizingView;
  entityRef: string;
}) => {
  const where = { cluster: view.cluster, environment: view.environment };
  return (
    <>
      <UsageNotes view={view} />
      {view.containers.length === 0 ? (
        <Typography variant="body2" data-testid="no-containers">
          No workloads of this service run in {view.cluster}: nothing to
          right-size.
        </Typography>
      ) : (
        <ContainerTable
          rows={view.containers.map(row => ({ ...row, entityRef, ...where }))}
          settings={view.settings}
        />
      )}
      <Section title="Volumes no pod mounts">
        <UnusedPvcList pvcs={view.unusedPvcs} />
      </Section>
      <Section title="Finished Jobs">
        <CompletedJobsList
          jobs={view.completedJobs}
          entityRef={entityRef}
          cluster={where}
        />
      </Section>
    </>
  );
};

/**
 * Right-sizing of the service in the shown cluster (ops guide §9): each container's requests against its p95 usage
 * with a suggested request and the set-resources runbook prefilled with it, the volumes of its namespaces no pod
 * mounts, and their finished Jobs with the cleanup runbook.
 */
export const RightSizingCard = ({
  entityRef,
  cluster,
}: {
  entityRef: string;
  cluster: ClusterOpsView;
}) => {
  const resource = useEntityRightSizing(entityRef, cluster.cluster.name);
  return (
    <InfoCard
      title="Right-sizing"
      subheader={
        resource.value
          ? `Requests against p95 usage over ${resource.value.settings.window} in ${cluster.cluster.name}; leftovers of its namespaces`
          : `Requests against p95 usage in ${cluster.cluster.name}`
      }
    >
      <RightSizingStates
        resource={resource}
        subject="the right-sizing of this service"
        permission="gsv-ops.entity.read"
      >
        {view => <RightSizingContent view={view} entityRef={entityRef} />}
      </RightSizingStates>
    </InfoCard>
  );
};
