import { ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';

export interface LoadErrorPanelProps {
  error: Error;
  /** What could not be loaded, e.g. "Could not load the Ops view". */
  title: string;
  onRetry: () => void;
}

/** The error of a first load that failed, with a button to try again. */
export const LoadErrorPanel = ({
  error,
  title,
  onRetry,
}: LoadErrorPanelProps) => (
  <>
    <ResponseErrorPanel error={error} title={title} />
    <Button
      color="primary"
      variant="outlined"
      onClick={onRetry}
      style={{ marginTop: 16 }}
    >
      Try again
    </Button>
  </>
);
