import { WarningPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Skeleton from '@material-ui/lab/Skeleton';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ClusterOpsView,
  EntityOpsView,
  GSV_OPS_ANNOTATIONS,
  gsvOpsEntityReadPermission,
} from '@gsv/plugin-gsv-ops-common';
import { isGsvOpsAvailable } from '../../isGsvOpsAvailable';
import { useEntityOpsView } from '../../hooks/useEntityOpsView';
import { NowProvider } from '../../hooks/useCurrentTime';
import { useRenderMark } from '../../hooks/useRenderMark';
import { useAfterFirstPaint } from '../../hooks/useAfterFirstPaint';
import { useSelectedCluster } from '../../hooks/useSelectedCluster';
import { hasObjects } from '../../lib/clusters';
import { isPermissionDenied } from '../../lib/errors';
import { formatRelative } from '../../lib/format';
import { BackupsCard } from '../BackupsCard';
import { CertificatesCard } from '../CertificatesCard';
import { ClusterErrorPanel } from '../ClusterErrorPanel';
import { DeploymentsCard } from '../DeploymentsCard';
import { EntityMetrics } from '../EntityMetrics';
import { EventsCard } from '../EventsCard';
import { Freshness } from '../Freshness';
import { GitOpsCard } from '../GitOpsCard';
import { LoadErrorPanel } from '../LoadErrorPanel';
import { OpsEmptyState } from '../OpsEmptyState';
import { OpsHeader } from '../OpsHeader';
import { OpsSkeleton } from '../OpsSkeleton';
import { PermissionDeniedPanel } from '../PermissionDeniedPanel';
import { QuickActions } from '../QuickActions';
import { RecentOperations } from '../RecentOperations';
import { SecretsCard } from '../SecretsCard';
import { StorageCard } from '../StorageCard';

const useStyles = makeStyles(theme => ({
  notSetUp: { color: theme.palette.text.secondary },
  code: { fontFamily: 'monospace', fontSize: '0.9em' },
}));

/** Where the sections below the first screen come a frame later. */
const DeferredSectionsSkeleton = () => (
  <Paper
    style={{ padding: 16 }}
    aria-busy="true"
    aria-label="Loading the other sections"
  >
    <Skeleton variant="text" width={180} height={32} />
    <Skeleton variant="rect" height={120} />
  </Paper>
);

interface OptionalSection {
  title: string;
  annotation: string;
  present: (view: ClusterOpsView) => boolean;
}

const OPTIONAL_SECTIONS: OptionalSection[] = [
  {
    title: 'Certificates',
    annotation: GSV_OPS_ANNOTATIONS.certificates,
    present: v => v.certificates.length > 0,
  },
  {
    title: 'Backups',
    annotation: GSV_OPS_ANNOTATIONS.cnpgCluster,
    present: v => v.databases.length > 0,
  },
  {
    title: 'GitOps',
    annotation: GSV_OPS_ANNOTATIONS.argocdAppName,
    present: v => v.applications.length > 0,
  },
  {
    title: 'Secrets',
    annotation: GSV_OPS_ANNOTATIONS.externalSecrets,
    present: v => v.externalSecrets.length > 0,
  },
];

const ClusterSections = ({
  entityRef,
  annotations,
  view,
  cluster,
  onSelectCluster,
  freshness,
}: {
  entityRef: string;
  annotations: Record<string, string>;
  view: EntityOpsView;
  cluster: ClusterOpsView;
  onSelectCluster: (name: string) => void;
  freshness: JSX.Element;
}) => {
  const classes = useStyles();
  // A section shows when its annotation is set (even if nothing was found: that is worth knowing) or it has data.
  const shows = (section: OptionalSection) =>
    Boolean(annotations[section.annotation]) || section.present(cluster);
  const notSetUp = OPTIONAL_SECTIONS.filter(section => !shows(section));
  const showSecrets = shows(OPTIONAL_SECTIONS[3]);
  const showGitOps = shows(OPTIONAL_SECTIONS[2]);
  // The first screen (header, quick actions, workloads) renders at once; the rest in the next frame.
  const rest = useAfterFirstPaint();
  useRenderMark('gsv-ops:ops-tab-complete', rest);
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} lg={8}>
        <OpsHeader
          view={view}
          cluster={cluster}
          onSelectCluster={onSelectCluster}
          freshness={freshness}
        />
      </Grid>
      <Grid item xs={12} lg={4}>
        <QuickActions entityRef={entityRef} cluster={cluster} />
      </Grid>
      {/* key metrics, alerts and recommendations of the shown cluster: what on-call reads first */}
      <EntityMetrics entityRef={entityRef} cluster={cluster.cluster} />
      <Grid item xs={12}>
        <DeploymentsCard entityRef={entityRef} cluster={cluster} />
      </Grid>
      {!rest && (
        <Grid item xs={12}>
          <DeferredSectionsSkeleton />
        </Grid>
      )}
      {rest && (
        <Grid item xs={12}>
          <RecentOperations entityRef={entityRef} refreshKey={view.etag} />
        </Grid>
      )}
      {rest && shows(OPTIONAL_SECTIONS[0]) && (
        <Grid item xs={12}>
          <CertificatesCard entityRef={entityRef} cluster={cluster} />
        </Grid>
      )}
      {rest && shows(OPTIONAL_SECTIONS[1]) && (
        <Grid item xs={12}>
          <BackupsCard entityRef={entityRef} cluster={cluster} />
        </Grid>
      )}
      {rest && showGitOps && (
        <Grid item xs={12} md={showSecrets ? 6 : 12}>
          <GitOpsCard entityRef={entityRef} cluster={cluster} />
        </Grid>
      )}
      {rest && showSecrets && (
        <Grid item xs={12} md={showGitOps ? 6 : 12}>
          <SecretsCard entityRef={entityRef} cluster={cluster} />
        </Grid>
      )}
      {rest && (
        <Grid item xs={12} md={6}>
          <StorageCard pvcs={cluster.pvcs} where={cluster.cluster.name} />
        </Grid>
      )}
      {rest && (
        <Grid item xs={12} md={6}>
          <EventsCard events={cluster.events} />
        </Grid>
      )}
      {(cluster.cluster.absentKinds?.length ?? 0) > 0 && (
        <Grid item xs={12}>
          <Typography
            variant="body2"
            className={classes.notSetUp}
            data-testid="absent-kinds"
          >
            Not installed in {cluster.cluster.name}:{' '}
            {cluster.cluster.absentKinds!.join(', ')} (the cluster does not
            serve these kinds, so they cannot be shown).
          </Typography>
        </Grid>
      )}
      {notSetUp.length > 0 && (
        <Grid item xs={12}>
          <Typography
            variant="body2"
            className={classes.notSetUp}
            data-testid="not-set-up"
          >
            Not set up for this service:{' '}
            {notSetUp.map((section, i) => (
              <span key={section.title}>
                {i > 0 && ', '}
                {section.title} (
                <span className={classes.code}>{section.annotation}</span>)
              </span>
            ))}
            .
          </Typography>
        </Grid>
      )}
    </Grid>
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
  const entityRef = stringifyEntityRef(entity);
  const live = useEntityOpsView(annotated ? entityRef : undefined);
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
  const view = live.value;
  if (!view) {
    if (live.error) {
      return (
        <LoadErrorPanel
          error={live.error}
          title="Could not load the Ops view"
          onRetry={live.retry}
        />
      );
    }
    return <OpsSkeleton />;
  }

  // Failing clusters that synced before stay in `clusters` with their last known data; the others only in `errors`.
  const unreachable = view.errors.filter(
    error => !view.clusters.some(c => c.cluster.name === error.cluster),
  );
  const freshness = (
    <Freshness
      status={live.status}
      checkedAt={live.checkedAt}
      generatedAt={view.generatedAt}
      error={live.error}
      onRetry={live.retry}
    />
  );

  let body: JSX.Element;
  if (!cluster) {
    body =
      unreachable.length > 0 ? (
        <Typography variant="body1">
          No cluster could be read, so there is nothing to show yet.
        </Typography>
      ) : (
        <OpsEmptyState entity={entity} reason="nothing-found" />
      );
  } else if (!view.clusters.some(hasObjects) && !cluster.cluster.error) {
    body = (
      <OpsEmptyState
        entity={entity}
        reason="nothing-found"
        clusters={view.clusters.map(c => c.cluster.name)}
      />
    );
  } else {
    body = (
      <ClusterSections
        entityRef={entityRef}
        annotations={entity.metadata.annotations ?? {}}
        view={view}
        cluster={cluster}
        onSelectCluster={selectCluster}
        freshness={freshness}
      />
    );
  }

  return (
    <NowProvider>
      <Grid container spacing={3}>
        {live.error && live.failures >= 2 && (
          <Grid item xs={12}>
            <WarningPanel
              severity="warning"
              title={`The GSV Ops backend is not answering; showing the data received ${
                formatRelative(
                  live.receivedAt
                    ? new Date(live.receivedAt).toISOString()
                    : undefined,
                ) ?? 'earlier'
              }`}
              message={live.error.message}
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
          {body}
        </Grid>
      </Grid>
    </NowProvider>
  );
};
