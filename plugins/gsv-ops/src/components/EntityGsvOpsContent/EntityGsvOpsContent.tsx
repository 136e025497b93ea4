import { WarningPanel } from '@backstage/core-components';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  ClusterOpsView,
  EntityOpsView,
  gsvOpsEntityReadPermission,
} from '@gsv/plugin-gsv-ops-common';
import { isGsvOpsAvailable } from '../../isGsvOpsAvailable';
import { useEntityOpsView } from '../../hooks/useEntityOpsView';
import { NowProvider } from '../../hooks/useCurrentTime';
import type { LiveResource } from '../../hooks/useLiveResource';
import { useRenderMark } from '../../hooks/useRenderMark';
import { useSelectedCluster } from '../../hooks/useSelectedCluster';
import { hasObjects } from '../../lib/clusters';
import { isPermissionDenied } from '../../lib/errors';
import { formatRelative } from '../../lib/format';
import { ClusterErrorPanel } from '../ClusterErrorPanel';
import { Freshness } from '../Freshness';
import { LoadErrorPanel } from '../LoadErrorPanel';
import { OpsEmptyState } from '../OpsEmptyState';
import { OpsSkeleton } from '../OpsSkeleton';
import { PermissionDeniedPanel } from '../PermissionDeniedPanel';
import { ClusterSections } from './ClusterSections';

/** Shown after two failed rounds in a row: the data on the tab is from earlier. */
const BackendNotAnswering = ({
  error,
  receivedAt,
}: {
  error: Error;
  receivedAt?: number;
}) => (
  <WarningPanel
    severity="warning"
    title={`The GSV Ops backend is not answering; showing the data received ${
      formatRelative(
        receivedAt ? new Date(receivedAt).toISOString() : undefined,
      ) ?? 'earlier'
    }`}
    message={error.message}
  />
);

/** What the tab shows under its warnings: the sections of the cluster shown, or why there is nothing to show. */
const OpsTabBody = ({
  entity,
  view,
  cluster,
  unreachable,
  live,
  onSelectCluster,
}: {
  entity: Entity;
  view: EntityOpsView;
  cluster?: ClusterOpsView;
  unreachable: EntityOpsView['errors'];
  live: LiveResource<EntityOpsView>;
  onSelectCluster: (name: string) => void;
}) => {
  if (!cluster) {
    return unreachable.length > 0 ? (
      <Typography variant="body1">
        No cluster could be read, so there is nothing to show yet.
      </Typography>
    ) : (
      <OpsEmptyState entity={entity} reason="nothing-found" />
    );
  }
  if (!view.clusters.some(hasObjects) && !cluster.cluster.error) {
    return (
      <OpsEmptyState
        entity={entity}
        reason="nothing-found"
        clusters={view.clusters.map(c => c.cluster.name)}
      />
    );
  }
  return (
    <ClusterSections
      entityRef={stringifyEntityRef(entity)}
      annotations={entity.metadata.annotations ?? {}}
      view={view}
      cluster={cluster}
      onSelectCluster={onSelectCluster}
      freshness={
        <Freshness
          status={live.status}
          checkedAt={live.checkedAt}
          generatedAt={view.generatedAt}
          error={live.error}
          onRetry={live.retry}
        />
      }
    />
  );
};

/** The tab once the view has arrived: the backend's and the clusters' troubles, then the body. */
const OpsTab = ({
  entity,
  live,
  view,
  cluster,
  onSelectCluster,
}: {
  entity: Entity;
  live: LiveResource<EntityOpsView>;
  view: EntityOpsView;
  cluster?: ClusterOpsView;
  onSelectCluster: (name: string) => void;
}) => {
  // Failing clusters that synced before stay in `clusters` with their last known data; the others only in `errors`.
  const unreachable = view.errors.filter(
    error => !view.clusters.some(c => c.cluster.name === error.cluster),
  );
  return (
    <NowProvider>
      <Grid container spacing={3}>
        {live.error && live.failures >= 2 && (
          <Grid item xs={12}>
            <BackendNotAnswering
              error={live.error}
              receivedAt={live.receivedAt}
            />
          </Grid>
        )}
        {(cluster?.cluster.error ||
          (cluster?.cluster.degradedKinds?.length ?? 0) > 0 ||
          unreachable.length > 0) && (
          <Grid item xs={12}>
            <ClusterErrorPanel
              cluster={cluster?.cluster}
              unreachable={unreachable}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <OpsTabBody
            entity={entity}
            view={view}
            cluster={cluster}
            unreachable={unreachable}
            live={live}
            onSelectCluster={onSelectCluster}
          />
        </Grid>
      </Grid>
    </NowProvider>
  );
};

/**
 * The Ops tab of a service: overall level and reasons, key metrics, firing alerts and scaling recommendations, health
 * of workloads, certificates, backups, GitOps, secrets, storage and warning events of one cluster at a time, quick
 * actions, and live updates without reloading.
 */
export const EntityGsvOpsContent = () => {
  const { entity } = useEntity();
  const annotated = isGsvOpsAvailable(entity);
  const live = useEntityOpsView(
    annotated ? stringifyEntityRef(entity) : undefined,
  );
  const [cluster, selectCluster] = useSelectedCluster(live.value?.clusters);
  useRenderMark('gsv-ops:ops-tab-rendered', Boolean(live.value && cluster));

  if (!annotated) {
    return <OpsEmptyState entity={entity} reason="not-annotated" />;
  }
  if (live.error && isPermissionDenied(live.error)) {
    return (
      <PermissionDeniedPanel
        subject={`the operations of ${
          entity.metadata.title ?? entity.metadata.name
        }`}
        permission={gsvOpsEntityReadPermission.name}
        owner={
          typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined
        }
      />
    );
  }
  if (!live.value) {
    return live.error ? (
      <LoadErrorPanel
        error={live.error}
        title="Could not load the Ops view"
        onRetry={live.retry}
      />
    ) : (
      <OpsSkeleton />
    );
  }
  return (
    <OpsTab
      entity={entity}
      live={live}
      view={live.value}
      cluster={cluster}
      onSelectCluster={selectCluster}
    />
  );
};
