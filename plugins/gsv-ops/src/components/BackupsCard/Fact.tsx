import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  fact: { margin: 0, minWidth: 0 },
  term: {
    color: theme.palette.text.secondary,
    fontSize: theme.typography.caption.fontSize,
    textTransform: 'uppercase',
    letterSpacing: '0.04em',
    marginBottom: theme.spacing(0.5),
  },
  detail: { margin: 0, overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: theme.spacing(2, 3),
    margin: 0,
  },
}));

/** One term of a description list, its value under it. */
export interface FactProps {
  term: string;
  children: ReactNode;
}

export const Fact = ({ term, children }: FactProps) => {
  const classes = useStyles();
  return (
    <div className={classes.fact}>
      <dt className={classes.term}>{term}</dt>
      <dd className={classes.detail}>{children}</dd>
    </div>
  );
};

/** The facts of a database, in as many columns as fit. */
export const FactList = ({ children }: { children: ReactNode }) => {
  const classes = useStyles();
  return <dl className={classes.facts}>{children}</dl>;
};
