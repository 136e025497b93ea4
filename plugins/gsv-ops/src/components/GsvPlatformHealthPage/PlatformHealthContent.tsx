import { ReactNode } from 'react';
import { InfoCard, WarningPanel } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import type { PlatformHealthView } from '@gsv/plugin-gsv-ops-common';
import { formatDateTime } from '../../lib/format';
import { PlatformAlertRules } from '../PlatformAlertRules';
import { OpenIncidentsCard } from '../OpenIncidentsCard';
import { PlatformMetricsTable } from '../PlatformMetricsTable';
import { PlatformRightSizingTable } from '../PlatformRightSizingTable';
import { PlatformSecurityTable } from '../PlatformSecurityTable';
import { PlatformDrReadinessTable } from '../DrReadinessCard';
import { ApplicationsTable } from './ApplicationsTable';
import { CertificatesTable } from './CertificatesTable';
import { ClusterList } from './ClusterList';
import { DatabasesTable } from './DatabasesTable';
import { NodesTable } from './NodesTable';
import { NonRunningPodsTable } from './NonRunningPodsTable';
import { PlatformSummaryCard } from './PlatformSummaryCard';
import { PoolersTable } from './PoolersTable';
import { VolumesTable } from './VolumesTable';
import { WarningEventsTable } from './WarningEventsTable';

/** The checks of the morning health check in page order; the half-width ones sit side by side on large screens. */
const CHECKS = [
  { id: 'nodes', Check: NodesTable },
  { id: 'pods', Check: NonRunningPodsTable },
  { id: 'applications', Check: ApplicationsTable },
  { id: 'certificates', Check: CertificatesTable, halfWidth: true },
  { id: 'volumes', Check: VolumesTable, halfWidth: true },
  { id: 'databases', Check: DatabasesTable },
  { id: 'poolers', Check: PoolersTable },
  { id: 'events', Check: WarningEventsTable },
];

/** Says which clusters are not answering: their rows on the page are the last known state. */
const FailingClusters = ({
  errors,
}: {
  errors: PlatformHealthView['errors'];
}) => (
  <>
    {errors.map(error => (
      <WarningPanel
        key={error.cluster}
        severity="error"
        title={`Cluster ${error.cluster} is not answering (${error.reason}): its rows below are the last known state`}
        message={`Failing since ${
          formatDateTime(error.since) ?? error.since
        }. ${error.message}`}
      />
    ))}
  </>
);

/** The platform page once the view has arrived: summary, clusters, key metrics, then one table per check. */
export const PlatformHealthContent = ({
  view,
  freshness,
}: {
  view: PlatformHealthView;
  freshness: ReactNode;
}) => (
  <Grid container spacing={3}>
    {view.errors.length > 0 && (
      <Grid item xs={12}>
        <FailingClusters errors={view.errors} />
      </Grid>
    )}
    <Grid item xs={12} md={8}>
      <PlatformSummaryCard view={view} freshness={freshness} />
    </Grid>
    <Grid item xs={12} md={4}>
      <InfoCard title="Clusters" variant="fullHeight">
        <ClusterList clusters={view.clusters} />
      </InfoCard>
    </Grid>
    <Grid item xs={12}>
      <OpenIncidentsCard />
    </Grid>
    <Grid item xs={12}>
      <PlatformMetricsTable />
    </Grid>
    <Grid item xs={12}>
      <PlatformAlertRules />
    </Grid>
    <Grid item xs={12}>
      <PlatformSecurityTable />
    </Grid>
    {CHECKS.map(({ id, Check, halfWidth }) => (
      <Grid item xs={12} lg={halfWidth ? 6 : undefined} key={id}>
        <Check view={view} />
      </Grid>
    ))}
    <Grid item xs={12}>
      <PlatformRightSizingTable />
      <PlatformDrReadinessTable />
    </Grid>
  </Grid>
);
