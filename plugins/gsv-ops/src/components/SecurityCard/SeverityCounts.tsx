import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { SeverityCounts as Counts } from '@gsv/plugin-gsv-ops-common';
import { SEVERITY_KEYS, severitySummary } from '../../lib/security';

const useStyles = makeStyles(theme => ({
  count: {
    minWidth: 28,
    padding: theme.spacing(0, 0.75),
    borderRadius: theme.shape.borderRadius,
    textAlign: 'center',
    fontWeight: 500,
    fontVariantNumeric: 'tabular-nums',
  },
  critical: {
    background: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  high: {
    background: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  medium: {
    background: theme.palette.warning.light,
    color: theme.palette.text.primary,
  },
  low: {
    background: theme.palette.action.selected,
    color: theme.palette.text.primary,
  },
  unknown: {
    background: theme.palette.action.hover,
    color: theme.palette.text.secondary,
  },
  zero: { background: 'transparent', color: theme.palette.text.disabled },
}));

/** Counts by severity as five small badges (critical first); the numbers are also in the accessible label. */
export const SeverityCounts = ({ counts }: { counts: Counts }) => {
  const classes = useStyles();
  return (
    <Box
      display="flex"
      gridGap={4}
      role="img"
      aria-label={severitySummary(counts)}
    >
      {SEVERITY_KEYS.map(key => (
        <Typography
          key={key}
          variant="caption"
          title={`${counts[key]} ${key}`}
          className={`${classes.count} ${
            counts[key] ? classes[key] : classes.zero
          }`}
        >
          {counts[key]}
        </Typography>
      ))}
    </Box>
  );
};
