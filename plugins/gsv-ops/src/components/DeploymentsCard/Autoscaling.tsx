import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { HpaView } from '@gsv/plugin-gsv-ops-common';
import { Caption } from '../Caption';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
}));

/** A deployment's HorizontalPodAutoscaler: current of min–max replicas, where it is heading, and its metrics. */
export const Autoscaling = ({ hpa }: { hpa?: HpaView }) => {
  const classes = useStyles();
  if (!hpa) return <span className={classes.secondary}>none</span>;
  return (
    <Tooltip
      title={
        hpa.lastScaleTime
          ? `Last scaled ${new Date(hpa.lastScaleTime).toLocaleString()}`
          : ''
      }
    >
      <span>
        <Typography variant="body2" component="span">
          {hpa.currentReplicas} of {hpa.minReplicas}–{hpa.maxReplicas}
          {hpa.desiredReplicas !== hpa.currentReplicas &&
            ` → ${hpa.desiredReplicas}`}
          {hpa.scalingLimited && ' (at limit)'}
        </Typography>
        {hpa.metrics.length > 0 && <Caption>{hpa.metrics.join(' · ')}</Caption>}
      </span>
    </Tooltip>
  );
};
