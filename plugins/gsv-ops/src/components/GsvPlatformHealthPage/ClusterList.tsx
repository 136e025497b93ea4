import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ClusterStatus, Level } from '@gsv/plugin-gsv-ops-common';
import { useCurrentTime } from '../../hooks/useCurrentTime';
import { dataAgeSeconds } from '../../lib/clusters';
import { formatAge, formatDateTime } from '../../lib/format';
import { LevelStatus } from '../LevelStatus';
import { usePlatformStyles } from './styles';

const useStyles = makeStyles(theme => ({
  clusters: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  },
}));

/** A failing cluster is critical; one still listing its objects is unknown. */
export const clusterLevel = (cluster: ClusterStatus): Level => {
  if (cluster.error) return 'critical';
  return cluster.synced ? 'ok' : 'unknown';
};

/** "in sync, last answer 12 s ago", "still listing objects", or the failure since when. */
export const clusterText = (cluster: ClusterStatus, now: number): string => {
  if (cluster.error)
    return `${cluster.error.reason} since ${formatDateTime(
      cluster.error.since,
    )}: ${cluster.error.message}`;
  if (!cluster.synced) return 'still listing objects';
  return `in sync, last answer ${
    formatAge(dataAgeSeconds(cluster, now)) ?? 'just now'
  }`;
};

/** Every cluster of the platform with its level and the state of its watch. */
export const ClusterList = ({ clusters }: { clusters: ClusterStatus[] }) => {
  const classes = { ...usePlatformStyles(), ...useStyles() };
  const now = useCurrentTime();
  return (
    <div className={classes.clusters} aria-label="Clusters">
      {clusters.map(cluster => (
        <div key={cluster.name} data-testid="cluster-status">
          <LevelStatus level={clusterLevel(cluster)} size="medium">
            {cluster.title ?? cluster.name} ({cluster.environment})
          </LevelStatus>
          <Typography
            variant="caption"
            component="div"
            className={classes.secondary}
          >
            {clusterText(cluster, now)}
          </Typography>
        </div>
      ))}
    </div>
  );
};
