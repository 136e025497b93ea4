import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PvcView } from '@gsv/plugin-gsv-ops-common';
import { compareLevels } from '@gsv/plugin-gsv-ops-common';
import { pvcPhaseLevel } from '../../lib/statusLevels';
import { sectionAnchor } from '../../lib/summary';
import { LevelStatus } from '../LevelStatus';
import { UsageBar } from '../UsageBar';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(1, 1.5), verticalAlign: 'top' },
  },
  name: { fontWeight: 500 },
  secondary: { color: theme.palette.text.secondary },
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

/** "used by a, b" or "used by a, b and 3 more". */
function usedBy(pods: string[]): string {
  const shown = pods.slice(0, 2).join(', ');
  return pods.length > 2
    ? `used by ${shown} and ${pods.length - 2} more`
    : `used by ${shown}`;
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
            <TableHead>
              <TableRow>
                <TableCell>Volume</TableCell>
                <TableCell>Phase</TableCell>
                <TableCell>Usage</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {sorted.map(pvc => (
                <TableRow
                  key={`${pvc.namespace}/${pvc.name}`}
                  data-testid="pvc-row"
                >
                  <TableCell>
                    <Typography variant="body2" className={classes.name}>
                      {pvc.name}
                    </Typography>
                    <Typography
                      variant="caption"
                      component="div"
                      className={classes.secondary}
                    >
                      {[
                        pvc.namespace,
                        pvc.storageClass,
                        pvc.usedByPods.length > 0 && usedBy(pvc.usedByPods),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <LevelStatus level={pvcPhaseLevel(pvc.phase)}>
                      {pvc.phase}
                    </LevelStatus>
                  </TableCell>
                  <TableCell
                    title={
                      pvc.usageMeasuredAt
                        ? `Measured ${new Date(
                            pvc.usageMeasuredAt,
                          ).toLocaleString()}`
                        : undefined
                    }
                  >
                    <UsageBar
                      usedBytes={pvc.usedBytes}
                      capacityBytes={pvc.capacityBytes}
                      usedRatio={pvc.usedRatio}
                      level={pvc.level}
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
