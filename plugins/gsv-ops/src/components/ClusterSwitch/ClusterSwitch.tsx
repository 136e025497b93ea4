import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import type { ClusterOpsView } from '@gsv/plugin-gsv-ops-common';
import { LevelStatus } from '../LevelStatus';

const useStyles = makeStyles(theme => ({
  single: { color: theme.palette.text.secondary },
  strong: { color: theme.palette.text.primary, fontWeight: 500 },
  button: { textTransform: 'none', padding: theme.spacing(0.5, 1.5) },
}));

export interface ClusterSwitchProps {
  clusters: ClusterOpsView[];
  selected: string;
  onSelect: (cluster: string) => void;
}

const clusterLabel = (view: ClusterOpsView) =>
  `${view.cluster.title ?? view.cluster.name} (${view.cluster.environment})`;

/** Which environment/cluster the tab shows; a switch when the service runs in several. */
export const ClusterSwitch = ({
  clusters,
  selected,
  onSelect,
}: ClusterSwitchProps) => {
  const classes = useStyles();
  if (clusters.length <= 1) {
    const only = clusters[0];
    if (!only) return null;
    return (
      <Typography variant="body2" className={classes.single}>
        Cluster <span className={classes.strong}>{only.cluster.name}</span> ·
        environment{' '}
        <span className={classes.strong}>{only.cluster.environment}</span>
      </Typography>
    );
  }
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={selected}
      onChange={(_event, value: string | null) => value && onSelect(value)}
      aria-label="Cluster"
    >
      {clusters.map(view => (
        <ToggleButton
          key={view.cluster.name}
          value={view.cluster.name}
          className={classes.button}
          aria-label={`${clusterLabel(view)}: ${view.level}`}
        >
          <LevelStatus level={view.level}>{clusterLabel(view)}</LevelStatus>
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
};
