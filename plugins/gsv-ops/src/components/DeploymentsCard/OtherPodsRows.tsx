import { useState } from 'react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PodView } from '@gsv/plugin-gsv-ops-common';
import { worstLevel } from '@gsv/plugin-gsv-ops-common';
import { podsSummary } from '../../lib/workloads';
import { LevelStatus } from '../LevelStatus';
import { ExpandCell, PodsRow, WORKLOAD_COLUMNS } from './ExpandablePods';

const useStyles = makeStyles(theme => ({
  name: { fontWeight: 500 },
  secondary: { color: theme.palette.text.secondary },
}));

/** The service's pods that belong to no deployment (database instances, jobs, bare pods), closed at first. */
export const OtherPodsRows = ({ pods }: { pods: PodView[] }) => {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  return (
    <>
      <TableRow>
        <ExpandCell
          expanded={expanded}
          onToggle={() => setExpanded(o => !o)}
          what="other pods"
        />
        <TableCell>
          <LevelStatus level={worstLevel(pods.map(p => p.level))}>
            {podsSummary(pods)}
          </LevelStatus>
        </TableCell>
        <TableCell colSpan={WORKLOAD_COLUMNS - 2}>
          <Typography variant="body2" className={classes.name}>
            Other pods
          </Typography>
          <Typography variant="caption" className={classes.secondary}>
            Database instances, jobs and pods without a deployment
          </Typography>
        </TableCell>
      </TableRow>
      <PodsRow expanded={expanded} pods={pods} label="Other pods" />
    </>
  );
};
