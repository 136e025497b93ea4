import Typography from '@material-ui/core/Typography';
import { cx } from '../../lib/cx';
import { useTileStyles } from './tileStyles';

export interface NotMeasuredTileProps {
  title: string;
  /** What the service needs for the metric to be measured. */
  needs: string;
}

/** A §1.2 metric the backend did not compute for this service, with what it would need. */
export const NotMeasuredTile = ({ title, needs }: NotMeasuredTileProps) => {
  const classes = useTileStyles();
  return (
    <div
      className={cx(classes.tile, classes.muted)}
      data-testid="metric-tile"
      data-level="not-measured"
    >
      <div className={classes.head}>
        <Typography variant="body2" className={classes.title}>
          {title}
        </Typography>
      </div>
      <Typography component="div" className={cx(classes.value, classes.noData)}>
        Not measured
      </Typography>
      <Typography variant="caption">Needs {needs}.</Typography>
    </div>
  );
};
