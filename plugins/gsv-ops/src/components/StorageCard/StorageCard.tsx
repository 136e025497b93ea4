import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PvcView } from '@gsv/plugin-gsv-ops-common';
import { compareLevels } from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';
import { sectionAnchor } from '../../lib/summary';
import { TableHeader } from '../TableHeader';
import { PvcRow } from './PvcRow';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(1, 1.5), verticalAlign: 'top' },
  },
}));

/** Fullest first; unknown usage last. */
export function sortPvcs(pvcs: PvcView[]): PvcView[] {
  return [...pvcs].sort(
    (a, b) =>
      (b.usedRatio ?? -1) - (a.usedRatio ?? -1) ||
      compareLevels(b.level, a.level) ||
      a.name.localeCompare(b.name),
  );
}

export interface StorageCardProps {
  pvcs: PvcView[];
  /** Shown in the subheader, e.g. the cluster name. */
  where?: string;
}

/** Persistent volume claims with their usage bars (from the kubelet's volume stats), fullest first. */
export const StorageCard = ({ pvcs, where }: StorageCardProps) => {
  const classes = useStyles();
  const sorted = sortPvcs(pvcs);
  return (
    <div id={sectionAnchor('storage')} style={{ height: '100%' }}>
      <InfoCard
        title="Storage"
        subheader={`Persistent volumes${
          where ? ` in ${where}` : ''
        }, fullest first`}
        noPadding
        variant="fullHeight"
      >
        {sorted.length === 0 ? (
          <Box p={2}>
            <Typography variant="body2">No persistent volumes.</Typography>
          </Box>
        ) : (
          <Table
            className={classes.table}
            aria-label="Persistent volume claims"
          >
            <TableHeader columns={['Volume', 'Phase', 'Usage']} />
            <TableBody>
              {sorted.map(pvc => (
                <PvcRow key={namespacedName(pvc)} pvc={pvc} />
              ))}
            </TableBody>
          </Table>
        )}
      </InfoCard>
    </div>
  );
};
