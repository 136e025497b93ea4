import { makeStyles } from '@material-ui/core/styles';

/** The few text styles the platform page's cards and tables share. */
export const usePlatformStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
  name: { fontWeight: 500 },
  mono: { fontFamily: 'monospace', fontSize: '0.85rem' },
}));
