import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ExternalSecretView } from '@gsv/plugin-gsv-ops-common';
import { runbookTarget } from '../../lib/runbookLinks';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';
import type { ClusterSectionProps } from '../sectionProps';

const useStyles = makeStyles({
  name: { fontWeight: 500 },
});

/** "writes agent-registry-env · vault-backend · every 1h": where the secret goes, from which store, how often. */
const syncText = (secret: ExternalSecretView) =>
  [
    secret.targetSecret !== secret.name && `writes ${secret.targetSecret}`,
    secret.store,
    secret.refreshInterval && `every ${secret.refreshInterval}`,
  ]
    .filter(Boolean)
    .join(' · ');

/** One ExternalSecret: synced or why not, its store and consumers, its last refresh and Rotate. */
export const SecretRow = ({
  secret,
  entityRef,
  cluster,
}: ClusterSectionProps & { secret: ExternalSecretView }) => {
  const classes = useStyles();
  return (
    <TableRow data-testid="secret-row">
      <TableCell>
        <LevelStatus level={secret.level} title={secret.message}>
          {secret.ready === 'True' ? 'Synced' : secret.reason ?? 'Not synced'}
        </LevelStatus>
      </TableCell>
      <TableCell>
        <Typography variant="body2" className={classes.name}>
          {secret.name}
        </Typography>
        <Caption>{syncText(secret)}</Caption>
        {secret.consumers.length > 0 && (
          <Caption>
            used by {secret.consumers.map(c => c.name).join(', ')}
          </Caption>
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
          <Caption>
            {secret.forceSync.reason ??
              'A refresh cannot be forced (refresh policy)'}
          </Caption>
        )}
        <RunbookButton
          runbook="secret-rotate"
          entityRef={entityRef}
          target={runbookTarget(cluster, secret)}
          hideWhenDenied
        />
      </TableCell>
    </TableRow>
  );
};
