import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
}));

export interface CaptionProps {
  children: ReactNode;
  'data-testid'?: string;
}

/** A line of secondary detail under the main text of a cell or a fact. */
export const Caption = ({ children, 'data-testid': testId }: CaptionProps) => {
  const classes = useStyles();
  return (
    <Typography
      variant="caption"
      component="div"
      className={classes.secondary}
      data-testid={testId}
    >
      {children}
    </Typography>
  );
};
