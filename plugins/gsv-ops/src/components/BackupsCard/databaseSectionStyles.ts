import { makeStyles } from '@material-ui/core/styles';

/** The layout of a database's section in a card: name and actions on top, facts, then a subheading. */
export const useDatabaseSectionStyles = makeStyles(theme => ({
  database: { padding: theme.spacing(2) },
  heading: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  title: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1.5),
    flexWrap: 'wrap',
  },
  name: { fontWeight: 500 },
  secondary: { color: theme.palette.text.secondary },
  subheading: { fontWeight: 500, margin: theme.spacing(3, 0, 1) },
  actions: { display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' },
}));
