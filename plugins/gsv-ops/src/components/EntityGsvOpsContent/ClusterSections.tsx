import Grid from '@material-ui/core/Grid';
import type { EntityOpsView } from '@gsv/plugin-gsv-ops-common';
import { useAfterFirstPaint } from '../../hooks/useAfterFirstPaint';
import { useRenderMark } from '../../hooks/useRenderMark';
import { AlertRulesCard } from '../AlertRulesCard';
import { BackupsCard } from '../BackupsCard';
import { CertificatesCard } from '../CertificatesCard';
import { DeploymentsCard } from '../DeploymentsCard';
import { DrReadinessCard } from '../DrReadinessCard';
import { EntityMetrics } from '../EntityMetrics';
import { EventsCard } from '../EventsCard';
import { GitOpsCard } from '../GitOpsCard';
import { IncidentCard } from '../IncidentCard';
import { LogsCard } from '../LogsCard';
import { MaintenanceCard } from '../MaintenanceCard';
import { OpsHeader } from '../OpsHeader';
import { PendingApprovals } from '../PendingApprovals';
import { QuickActions } from '../QuickActions';
import { RecentOperations } from '../RecentOperations';
import { RightSizingCard } from '../RightSizingCard';
import { SecretsCard } from '../SecretsCard';
import { SecurityCard } from '../SecurityCard';
import type { ClusterSectionProps } from '../sectionProps';
import { StorageCard } from '../StorageCard';
import { DeferredSectionsSkeleton } from './DeferredSectionsSkeleton';
import { NotShownNotes } from './NotShownNotes';
import { OptionalSectionId, optionalSections } from './optionalSections';

/** The sections below the first screen: approvals waiting, recent operations, logs, alert rules and dashboards, the maintenance calendar, the optional sections shown, security, storage and events. */
const DeferredSections = ({
  entityRef,
  cluster,
  view,
  shown,
}: ClusterSectionProps & {
  view: EntityOpsView;
  shown: Set<OptionalSectionId>;
}) => {
  const section = { entityRef, cluster };
  const gitOpsAndSecrets =
    shown.has('applications') && shown.has('externalSecrets');
  return (
    <>
      <PendingApprovals entityRef={entityRef} refreshKey={view.etag} />
      <Grid item xs={12}>
        <RecentOperations entityRef={entityRef} refreshKey={view.etag} />
      </Grid>
      <Grid item xs={12}>
        <LogsCard entityRef={entityRef} cluster={cluster.cluster.name} />
      </Grid>
      <Grid item xs={12}>
        <AlertRulesCard entityRef={entityRef} cluster={cluster.cluster.name} />
      </Grid>
      <Grid item xs={12}>
        <MaintenanceCard environment={String(cluster.cluster.environment)} />
      </Grid>
      {shown.has('certificates') && (
        <Grid item xs={12}>
          <CertificatesCard {...section} />
        </Grid>
      )}
      {shown.has('databases') && (
        <Grid item xs={12}>
          <BackupsCard {...section} />
        </Grid>
      )}
      {shown.has('databases') && (
        <Grid item xs={12}>
          <DrReadinessCard
            entityRef={entityRef}
            cluster={cluster.cluster.name}
          />
        </Grid>
      )}
      {shown.has('applications') && (
        <Grid item xs={12} md={gitOpsAndSecrets ? 6 : 12}>
          <GitOpsCard {...section} />
        </Grid>
      )}
      {shown.has('externalSecrets') && (
        <Grid item xs={12} md={gitOpsAndSecrets ? 6 : 12}>
          <SecretsCard {...section} />
        </Grid>
      )}
      <Grid item xs={12}>
        <RightSizingCard entityRef={entityRef} cluster={cluster} />
      </Grid>
      <Grid item xs={12}>
        <SecurityCard entityRef={entityRef} cluster={cluster.cluster.name} />
      </Grid>
      <Grid item xs={12} md={6}>
        <StorageCard pvcs={cluster.pvcs} where={cluster.cluster.name} />
      </Grid>
      <Grid item xs={12} md={6}>
        <EventsCard events={cluster.events} />
      </Grid>
    </>
  );
};

export interface ClusterSectionsProps extends ClusterSectionProps {
  /** The entity's annotations: they decide which optional sections show. */
  annotations: Record<string, string>;
  view: EntityOpsView;
  onSelectCluster: (name: string) => void;
  freshness: JSX.Element;
}

/**
 * Every section of the Ops tab for the cluster shown. The first screen (header, quick actions, key metrics,
 * workloads) renders at once; the rest in the next frame.
 */
export const ClusterSections = ({
  entityRef,
  annotations,
  view,
  cluster,
  onSelectCluster,
  freshness,
}: ClusterSectionsProps) => {
  const { shown, notSetUp } = optionalSections(annotations, cluster);
  const rest = useAfterFirstPaint();
  useRenderMark('gsv-ops:ops-tab-complete', rest);
  return (
    <Grid container spacing={3} alignItems="stretch">
      <IncidentCard entityRef={entityRef} refreshKey={view.etag} />
      <Grid item xs={12} lg={8}>
        <OpsHeader
          view={view}
          cluster={cluster}
          onSelectCluster={onSelectCluster}
          freshness={freshness}
        />
      </Grid>
      <Grid item xs={12} lg={4}>
        <QuickActions
          entityRef={entityRef}
          cluster={cluster}
          annotations={annotations}
        />
      </Grid>
      {/* key metrics, alerts and recommendations of the shown cluster: what on-call reads first */}
      <EntityMetrics entityRef={entityRef} cluster={cluster.cluster} />
      <Grid item xs={12}>
        <DeploymentsCard entityRef={entityRef} cluster={cluster} />
      </Grid>
      {rest ? (
        <DeferredSections
          entityRef={entityRef}
          cluster={cluster}
          view={view}
          shown={shown}
        />
      ) : (
        <Grid item xs={12}>
          <DeferredSectionsSkeleton />
        </Grid>
      )}
      <NotShownNotes cluster={cluster.cluster} notSetUp={notSetUp} />
    </Grid>
  );
};
