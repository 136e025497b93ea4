import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  worstFirst,
  worstLevel,
  type ClusterStatus,
  type Level,
} from '@gsv/plugin-gsv-ops-common';
import { useCurrentTime } from '../../hooks/useCurrentTime';
import { useShowAll } from '../../hooks/useShowAll';
import { dataAgeSeconds } from '../../lib/clusters';
import { formatAge, formatDateTime } from '../../lib/format';
import { LevelStatus } from '../LevelStatus';
import { ShowAllButton } from '../ShowAllButton';
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

/** Up to this many clusters are simply listed; above, the card lists the troubled ones and counts the rest. */
export const COMPACT_ABOVE = 5;

const STATE_WORDS: Record<'ok' | 'unknown' | 'critical', string> = {
  ok: 'in sync',
  unknown: 'still listing objects',
  critical: 'failing',
};

/** "48 in sync, 2 failing": how many clusters are in each state, the states without clusters left out. */
export const clusterSummary = (clusters: ClusterStatus[]): string =>
  (['ok', 'unknown', 'critical'] as const)
    .map(level => ({
      level,
      count: clusters.filter(c => clusterLevel(c) === level).length,
    }))
    .filter(({ count }) => count > 0)
    .map(({ level, count }) => `${count} ${STATE_WORDS[level]}`)
    .join(', ');

const ClusterLine = ({
  cluster,
  now,
}: {
  cluster: ClusterStatus;
  now: number;
}) => {
  const classes = usePlatformStyles();
  return (
    <div data-testid="cluster-status">
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
  );
};

/** Failing clusters first, then those still listing, then the ones in sync; the configured order within each. */
const troubledFirst = worstFirst<ClusterStatus>(clusterLevel);

/**
 * Every cluster of the platform with its level and the state of its watch. Above COMPACT_ABOVE clusters, a summary
 * line, the failing and still-listing clusters (always shown), and the ones in sync behind "Show all".
 */
export const ClusterList = ({ clusters }: { clusters: ClusterStatus[] }) => {
  const classes = useStyles();
  const now = useCurrentTime();
  const compact = clusters.length > COMPACT_ABOVE;
  const ordered = compact ? [...clusters].sort(troubledFirst) : clusters;
  const troubled = ordered.filter(c => clusterLevel(c) !== 'ok').length;
  const { shown, truncates, toggle } = useShowAll(
    ordered,
    compact ? troubled : clusters.length,
  );
  return (
    <div className={classes.clusters} aria-label="Clusters">
      {compact && (
        <div data-testid="cluster-summary">
          <LevelStatus
            level={worstLevel(clusters.map(clusterLevel))}
            size="medium"
          >
            {clusterSummary(clusters)}
          </LevelStatus>
        </div>
      )}
      {shown.map(cluster => (
        <ClusterLine key={cluster.name} cluster={cluster} now={now} />
      ))}
      {truncates && (
        <div>
          <ShowAllButton
            noun="clusters"
            fewerLabel="Show only the troubled clusters"
            {...toggle}
          />
        </div>
      )}
    </div>
  );
};
