import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PvcView } from '@gsv/plugin-gsv-ops-common';
import { pvcPhaseLevel } from '../../lib/statusLevels';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { UsageBar } from '../UsageBar';

const useStyles = makeStyles({
  name: { fontWeight: 500 },
});

/** "used by a, b" or "used by a, b and 3 more". */
function usedBy(pods: string[]): string {
  const shown = pods.slice(0, 2).join(', ');
  return pods.length > 2
    ? `used by ${shown} and ${pods.length - 2} more`
    : `used by ${shown}`;
}

/** One persistent volume claim: name, namespace, class and pods; phase; usage bar (when it was measured on hover). */
export const PvcRow = ({ pvc }: { pvc: PvcView }) => {
  const classes = useStyles();
  return (
    <TableRow data-testid="pvc-row">
      <TableCell>
        <Typography variant="body2" className={classes.name}>
          {pvc.name}
        </Typography>
        <Caption>
          {[
            pvc.namespace,
            pvc.storageClass,
            pvc.usedByPods.length > 0 && usedBy(pvc.usedByPods),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Caption>
      </TableCell>
      <TableCell>
        <LevelStatus level={pvcPhaseLevel(pvc.phase)}>{pvc.phase}</LevelStatus>
      </TableCell>
      <TableCell
        title={
          pvc.usageMeasuredAt
            ? `Measured ${new Date(pvc.usageMeasuredAt).toLocaleString()}`
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
  );
};
