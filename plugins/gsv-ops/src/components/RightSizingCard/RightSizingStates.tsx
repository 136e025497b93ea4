import { ReactNode } from 'react';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import type { PolledResource } from '../../hooks/usePolledResource';
import { errorMessage, isNotFound, isPermissionDenied } from '../../lib/errors';
import { LoadErrorPanel } from '../LoadErrorPanel';
import { PermissionDeniedPanel } from '../PermissionDeniedPanel';

/** Loading, refused, not found and failing states of a right-sizing resource; its content once it arrived. */
export function RightSizingStates<T>({
  resource,
  subject,
  permission,
  children,
}: {
  resource: PolledResource<T>;
  /** e.g. "the right-sizing of this service". */
  subject: string;
  permission: string;
  children: (value: T) => ReactNode;
}) {
  if (resource.value) return <>{children(resource.value)}</>;
  const { error } = resource;
  if (!error) {
    return (
      <div aria-busy="true" data-testid="right-sizing-loading">
        {[0, 1, 2].map(i => (
          <Skeleton key={i} variant="text" height={32} />
        ))}
      </div>
    );
  }
  if (isPermissionDenied(error))
    return <PermissionDeniedPanel subject={subject} permission={permission} />;
  if (isNotFound(error)) {
    return (
      <Alert severity="info" data-testid="right-sizing-not-found">
        Nothing to show: {errorMessage(error)}
      </Alert>
    );
  }
  return (
    <LoadErrorPanel
      error={error}
      title={`Could not load ${subject}`}
      onRetry={resource.retry}
    />
  );
}
