import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { AlertRuleState, Level } from '@gsv/plugin-gsv-ops-common';
import { levelColor } from '../LevelStatus';

const STATE_LEVELS: Record<AlertRuleState, Level> = {
  firing: 'critical',
  pending: 'warning',
  inactive: 'ok',
  unknown: 'unknown',
};

const useStyles = makeStyles(theme => ({
  chip: ({ state }: { state: AlertRuleState }) => ({
    borderColor: levelColor(theme, STATE_LEVELS[state]),
    color:
      state === 'firing'
        ? theme.palette.getContrastText(levelColor(theme, 'critical'))
        : levelColor(theme, STATE_LEVELS[state]),
    backgroundColor:
      state === 'firing' ? levelColor(theme, 'critical') : 'transparent',
    fontWeight: 500,
  }),
}));

/** The state of a rule in Prometheus, as a chip: filled when firing, outlined otherwise; the word always shows. */
export const RuleStateChip = ({
  state,
  activeAlerts,
}: {
  state: AlertRuleState;
  activeAlerts: number;
}) => {
  const classes = useStyles({ state });
  const label =
    activeAlerts > 1 && (state === 'firing' || state === 'pending')
      ? `${state} ×${activeAlerts}`
      : state;
  return (
    <Chip
      size="small"
      variant="outlined"
      label={label}
      className={classes.chip}
      data-testid="rule-state"
    />
  );
};
