import { useEffect, useRef, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { EntityLogsQuery, LogLine } from '@gsv/plugin-gsv-ops-common';
import { backendErrorMessage } from '../../lib/errors';
import { Caption } from '../Caption';
import { LogControls } from './LogControls';
import { useEntityLogs } from './useEntityLogs';

const useStyles = makeStyles(theme => ({
  lines: {
    margin: theme.spacing(1, 0, 0),
    padding: theme.spacing(1),
    maxHeight: 420,
    overflow: 'auto',
    fontSize: '0.78rem',
    lineHeight: 1.45,
    background: theme.palette.background.default,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  source: { color: theme.palette.text.secondary },
  match: { color: theme.palette.error.main },
}));

/** The lines, oldest first and scrolled to the newest, as a terminal shows them. */
const Lines = ({ lines }: { lines: LogLine[] }) => {
  const classes = useStyles();
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [lines]);
  return (
    <pre ref={ref} className={classes.lines} aria-label="Log lines">
      {lines.map((line, i) => (
        <div
          key={`${line.pod}/${line.container}/${line.time}/${i}`}
          className={
            line.patterns.includes('errors') ? classes.match : undefined
          }
        >
          <span className={classes.source}>
            {line.time ? `${line.time.slice(11, 19)} ` : ''}
            {line.pod}/{line.container}{' '}
          </span>
          {line.text}
        </div>
      ))}
    </pre>
  );
};

/**
 * The service's recent logs in the shown cluster (ops guide §1.3): the guide's patterns as one-click filters with
 * their counts over the last hour, free-text search on the server, a pod's previous container, and one container
 * followed live. Read by the backend from the pod log API; never a shell.
 */
export const LogsCard = ({
  entityRef,
  cluster,
}: {
  entityRef: string;
  cluster: string;
}) => {
  const [query, setQuery] = useState<EntityLogsQuery>({
    cluster,
    sinceSeconds: 3600,
    limit: 300,
  });
  const [follow, setFollow] = useState(false);
  const { logs, error, loading, followed, followEnd } = useEntityLogs(
    entityRef,
    { ...query, cluster },
    follow,
  );
  const lines = [...(logs?.lines ?? []), ...followed];
  return (
    <InfoCard
      title="Logs"
      subheader={`Recent lines of the service's pods in ${cluster}, last hour`}
    >
      <LogControls
        query={query}
        onQuery={q => {
          setQuery(q);
          if (!q.pod || q.previous) setFollow(false);
        }}
        logs={logs}
        follow={follow}
        onFollow={setFollow}
      />
      {error && (
        <Box mt={2}>
          <Typography variant="body2" color="textSecondary" role="alert">
            The logs could not be read: {backendErrorMessage(error)}
          </Typography>
        </Box>
      )}
      {logs && (
        <>
          <Lines lines={lines} />
          <Caption data-testid="logs-summary">
            {loading ? 'Reading… ' : ''}
            {logs.lines.length} of {logs.scanned} lines read
            {logs.truncated ? ' (more matched: narrow the search)' : ''}
            {follow ? ` · following, ${followed.length} new` : ''}
            {followEnd ? ` · ${followEnd}` : ''}
            {logs.errors.map(e => ` · ${e.pod}/${e.container}: ${e.message}`)}
          </Caption>
        </>
      )}
    </InfoCard>
  );
};
