import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ClusterOpsView } from '@gsv/plugin-gsv-ops-common';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import { runbookTarget } from '../../lib/runbookLinks';
import { sectionAnchor } from '../../lib/summary';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(1, 1.5), verticalAlign: 'top' },
  },
  name: { fontWeight: 500 },
  secondary: { color: theme.palette.text.secondary },
}));

export interface SecretsCardProps {
  entityRef: string;
  cluster: ClusterOpsView;
}

/** ExternalSecrets: whether they synced, from which store, when, and which deployments use them. */
export const SecretsCard = ({ entityRef, cluster }: SecretsCardProps) => {
  const classes = useStyles();
  const secrets = [...cluster.externalSecrets].sort(
    worstFirst(
      s => s.level,
      (a, b) => a.name.localeCompare(b.name),
    ),
  );
  return (
    <div id={sectionAnchor('secrets')} style={{ height: '100%' }}>
      <InfoCard
        title="Secrets"
        subheader="External Secrets Operator"
        noPadding
        variant="fullHeight"
      >
        {secrets.length === 0 ? (
          <Box p={2}>
            <Typography variant="body2">
              No external secrets. List them in the{' '}
              <code>gsv.io/external-secrets</code> annotation to watch their
              sync.
            </Typography>
          </Box>
        ) : (
          <Table className={classes.table} aria-label="External secrets">
            <TableHead>
              <TableRow>
                <TableCell>Status</TableCell>
                <TableCell>Secret</TableCell>
                <TableCell>Last refresh</TableCell>
                <TableCell align="right">Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {secrets.map(secret => (
                <TableRow
                  key={`${secret.namespace}/${secret.name}`}
                  data-testid="secret-row"
                >
                  <TableCell>
                    <LevelStatus level={secret.level} title={secret.message}>
                      {secret.ready === 'True'
                        ? 'Synced'
                        : secret.reason ?? 'Not synced'}
                    </LevelStatus>
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2" className={classes.name}>
                      {secret.name}
                    </Typography>
                    <Typography
                      variant="caption"
                      component="div"
                      className={classes.secondary}
                    >
                      {[
                        secret.targetSecret !== secret.name &&
                          `writes ${secret.targetSecret}`,
                        secret.store,
                        secret.refreshInterval &&
                          `every ${secret.refreshInterval}`,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography>
                    {secret.consumers.length > 0 && (
                      <Typography
                        variant="caption"
                        component="div"
                        className={classes.secondary}
                      >
                        used by {secret.consumers.map(c => c.name).join(', ')}
                      </Typography>
                    )}
                    {secret.ready !== 'True' && secret.message && (
                      <Typography variant="body2">{secret.message}</Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <RelativeTime value={secret.refreshTime} fallback="never" />
                  </TableCell>
                  <TableCell align="right">
                    {!secret.forceSync.effective && (
                      <Typography
                        variant="caption"
                        component="div"
                        className={classes.secondary}
                      >
                        {secret.forceSync.reason ??
                          'A refresh cannot be forced (refresh policy)'}
                      </Typography>
                    )}
                    <RunbookButton
                      runbook="secret-rotate"
                      entityRef={entityRef}
                      target={runbookTarget(cluster, secret)}
                      hideWhenDenied
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </InfoCard>
    </div>
  );
};
