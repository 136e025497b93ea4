import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';
import { sectionAnchor } from '../../lib/summary';
import type { ClusterSectionProps } from '../sectionProps';
import { ColumnHeading, TableHeader } from '../TableHeader';
import { SecretRow } from './SecretRow';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(1, 1.5), verticalAlign: 'top' },
  },
}));

const COLUMNS: ColumnHeading[] = [
  'Status',
  'Secret',
  'Last refresh',
  { title: 'Actions', align: 'right' },
];

export type SecretsCardProps = ClusterSectionProps;

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
            <TableHeader columns={COLUMNS} />
            <TableBody>
              {secrets.map(secret => (
                <SecretRow
                  key={namespacedName(secret)}
                  secret={secret}
                  entityRef={entityRef}
                  cluster={cluster}
                />
              ))}
            </TableBody>
          </Table>
        )}
      </InfoCard>
    </div>
  );
};
