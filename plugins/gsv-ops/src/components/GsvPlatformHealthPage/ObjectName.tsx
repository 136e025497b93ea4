import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { usePlatformStyles } from './styles';

/** An object's name, with its namespace and one more detail (node, cluster, roles) in a caption under it. */
export const ObjectName = ({
  name,
  namespace,
  extra,
}: {
  name: string;
  namespace?: string;
  extra?: ReactNode;
}) => {
  const classes = usePlatformStyles();
  return (
    <>
      <Typography variant="body2" className={classes.name}>
        {name}
      </Typography>
      <Typography
        variant="caption"
        component="div"
        className={classes.secondary}
      >
        {[namespace, extra].filter(Boolean).map((part, i) => (
          <span key={i}>
            {i > 0 && ' · '}
            {part}
          </span>
        ))}
      </Typography>
    </>
  );
};
