import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { ClusterError, ClusterStatus } from '@gsv/plugin-gsv-ops-common';
import { dataAgeSeconds } from '../../lib/clusters';
import { formatAge, formatDateTime } from '../../lib/format';
import { useCurrentTime } from '../../hooks/useCurrentTime';

export interface ClusterErrorPanelProps {
  /** The shown cluster: while it fails, its data is the last known; some kinds may fail on their own. */
  cluster?: ClusterStatus;
  /** Clusters that never answered: nothing to show from them. */
  unreachable?: ClusterError[];
}

type DegradedKind = NonNullable<ClusterStatus['degradedKinds']>[number];

/** What the degraded kinds mean for the page: refused by the cluster (out of date), or left out by the cache cap. */
const degradedTitle = (cluster: string, degraded: DegradedKind[]) => {
  const refused = degraded.filter(d => d.reason !== 'OverCapacity');
  const capped = degraded.filter(d => d.reason === 'OverCapacity');
  const parts = [
    refused.length > 0 &&
      `refuses some kinds: ${refused
        .map(d => d.kind)
        .join(', ')} may be out of date`,
    capped.length > 0 &&
      `is too large for GSV Ops' cache: ${capped
        .map(d => d.kind)
        .join(', ')} are not shown`,
  ].filter(Boolean);
  return `Cluster ${cluster} ${parts.join('; it ')}`;
};

/** Says which cluster failed, since when, and how old the data on screen is; and which kinds could not be read. */
export const ClusterErrorPanel = ({
  cluster,
  unreachable = [],
}: ClusterErrorPanelProps) => {
  const now = useCurrentTime();
  const age = cluster ? dataAgeSeconds(cluster, now) : undefined;
  const degraded = cluster?.degradedKinds ?? [];
  return (
    <>
      {cluster?.error && (
        <WarningPanel
          severity="error"
          title={`Cluster ${cluster.name} is not answering (${
            cluster.error.reason
          }): showing the last known data${
            age !== undefined ? `, from ${formatAge(age)}` : ''
          }`}
          message={
            <Typography
              variant="body2"
              component="span"
              data-testid="cluster-error"
            >
              Failing since{' '}
              {formatDateTime(cluster.error.since) ?? cluster.error.since}
              {cluster.lastHeardAt && (
                <>; last answer {formatDateTime(cluster.lastHeardAt)}</>
              )}
              . {cluster.error.message}
            </Typography>
          }
        />
      )}
      {!cluster?.error && degraded.length > 0 && (
        <WarningPanel
          severity="warning"
          title={degradedTitle(cluster!.name, degraded)}
          message={
            <Typography variant="body2" component="span">
              {degraded
                .map(d => `${d.kind}: ${d.reason} (${d.message})`)
                .join('; ')}
            </Typography>
          }
        />
      )}
      {unreachable.map(error => (
        <WarningPanel
          key={error.cluster}
          severity="warning"
          title={`Cluster ${error.cluster} could not be read (${error.reason}): its objects are missing from this page`}
          message={
            <Typography variant="body2" component="span">
              Failing since {formatDateTime(error.since) ?? error.since}.{' '}
              {error.message}
            </Typography>
          }
        />
      ))}
    </>
  );
};
