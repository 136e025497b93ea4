import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';

/** Three text lines while the first answer is on the way. */
export const LoadingLines = ({ testId }: { testId: string }) => (
  <div aria-busy="true" data-testid={testId}>
    {[0, 1, 2].map(i => (
      <Skeleton key={i} variant="text" height={32} />
    ))}
  </div>
);

/**
 * Why nothing can be shown: an expected answer (refused, not found) as information without a retry, a failure as an
 * error with "Try again". The message is the caller's sentence, never a stack trace.
 */
export const LoadFailure = ({
  expected,
  message,
  onRetry,
  testId,
}: {
  expected: boolean;
  message: string;
  onRetry: () => void;
  testId: string;
}) => (
  <Alert
    severity={expected ? 'info' : 'error'}
    data-testid={testId}
    action={
      expected ? undefined : (
        <Button color="inherit" size="small" onClick={onRetry}>
          Try again
        </Button>
      )
    }
  >
    {message}
  </Alert>
);
