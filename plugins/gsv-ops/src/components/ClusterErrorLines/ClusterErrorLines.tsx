/** A failure of one cluster, as the platform views list them. */
export interface ClusterErrorLike {
  cluster: string;
  message: string;
}

/** At most this many different failures are listed; the rest are counted. */
const MAX_LINES = 5;

interface ErrorGroup {
  /** The first cluster's error, as the backend worded it. */
  first: ClusterErrorLike;
  clusters: string[];
}

/**
 * The clusters' errors grouped by what went wrong (the message with the cluster's name taken out), so that at fleet
 * size "No Prometheus is configured" is one line naming 50 clusters, not 50 lines.
 */
export function groupClusterErrors(errors: ClusterErrorLike[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const error of errors) {
    const key = error.message.split(error.cluster).join('\u0000');
    const group = groups.get(key);
    if (group) group.clusters.push(error.cluster);
    else groups.set(key, { first: error, clusters: [error.cluster] });
  }
  return [...groups.values()];
}

const others = (clusters: string[]) => {
  const rest = clusters.slice(1);
  const named =
    rest.length <= 3
      ? rest.join(', ')
      : `${rest.slice(0, 2).join(', ')} … ${rest[rest.length - 1]}`;
  return ` — the same for ${rest.length} more cluster${
    rest.length === 1 ? '' : 's'
  } (${named})`;
};

/** One line per kind of failure, with the clusters it hit; meant for the inside of an Alert. */
export const ClusterErrorLines = ({
  errors,
  describe = error => error.message,
}: {
  errors: ClusterErrorLike[];
  /** How one error reads after "<cluster>: " (default: its message). */
  describe?: (error: ClusterErrorLike) => string;
}) => {
  const groups = groupClusterErrors(errors);
  return (
    <>
      {groups.slice(0, MAX_LINES).map(({ first, clusters }) => (
        <div key={`${first.cluster}/${first.message}`}>
          {first.cluster}: {describe(first)}
          {clusters.length > 1 && others(clusters)}
        </div>
      ))}
      {groups.length > MAX_LINES && (
        <div>… and {groups.length - MAX_LINES} other failures</div>
      )}
    </>
  );
};
