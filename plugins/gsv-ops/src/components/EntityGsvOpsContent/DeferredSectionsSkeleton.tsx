import Paper from '@material-ui/core/Paper';
import Skeleton from '@material-ui/lab/Skeleton';

/** Where the sections below the first screen come a frame later. */
export const DeferredSectionsSkeleton = () => (
  <Paper
    style={{ padding: 16 }}
    aria-busy="true"
    aria-label="Loading the other sections"
  >
    <Skeleton variant="text" width={180} height={32} />
    <Skeleton variant="rect" height={120} />
  </Paper>
);
