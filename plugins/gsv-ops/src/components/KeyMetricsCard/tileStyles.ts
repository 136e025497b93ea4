import { makeStyles } from '@material-ui/core/styles';

/** The frame of a metric tile and its title and value, shared by measured and not measured tiles. */
export const useTileStyles = makeStyles(theme => ({
  tile: {
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    minWidth: 0,
    padding: theme.spacing(1.25, 1.5, 1),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
  },
  muted: {
    borderStyle: 'dashed',
    color: theme.palette.text.secondary,
  },
  head: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(0.5),
    // two lines of title, so the values of all tiles line up
    minHeight: '2.7em',
  },
  title: {
    fontWeight: 500,
    lineHeight: 1.3,
    paddingTop: 2,
    color: theme.palette.text.secondary,
  },
  value: {
    fontSize: '1.6rem',
    fontWeight: 500,
    lineHeight: 1.15,
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  noData: {
    fontSize: '1.25rem',
    lineHeight: '1.85rem',
    fontWeight: 400,
    fontStyle: 'italic',
    color: theme.palette.text.secondary,
  },
}));
