import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  EntityOpsView,
  GSV_OPS_ANNOTATIONS,
  gsvOpsEntityReadPermission,
} from '@gsv/plugin-gsv-ops-common';
import { isGsvOpsAvailable } from '../../isGsvOpsAvailable';
import { useEntityOpsView } from '../../hooks/useEntityOpsView';
import { NowProvider } from '../../hooks/useCurrentTime';
import type { LiveResource } from '../../hooks/useLiveResource';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { isPermissionDenied } from '../../lib/errors';
import { OpsSummary } from './OpsSummary';

/** The card's content for each state: not annotated, refused, failed, loading, or the summary. */
const CardContent = ({
  annotated,
  live,
}: {
  annotated: boolean;
  live: LiveResource<EntityOpsView>;
}) => {
  if (!annotated) {
    return (
      <Typography variant="body2">
        Add the <code>{GSV_OPS_ANNOTATIONS.kubernetesId}</code> annotation to
        see this component's health here.
      </Typography>
    );
  }
  if (live.error && isPermissionDenied(live.error)) {
    return (
      <Typography variant="body2" data-testid="permission-denied">
        You don't have access to the operations of this service (
        <code>{gsvOpsEntityReadPermission.name}</code>).
      </Typography>
    );
  }
  if (live.value) return <OpsSummary view={live.value} live={live} />;
  return live.error ? (
    <ResponseErrorPanel
      error={live.error}
      title="Could not load the Ops view"
    />
  ) : (
    <div aria-busy="true" data-testid="ops-card-skeleton">
      <Skeleton variant="text" width={180} height={36} />
      {Array.from({ length: 4 }, (_, i) => (
        <Skeleton key={i} variant="text" width={`${80 - i * 10}%`} />
      ))}
    </div>
  );
};

/** The Ops summary for the entity overview page: level, sections, top reasons, and a link to the Ops tab. */
export const EntityGsvOpsCard = () => {
  const { entity } = useEntity();
  const annotated = isGsvOpsAvailable(entity);
  const entityRef = stringifyEntityRef(entity);
  const live = useEntityOpsView(annotated ? entityRef : undefined);
  const opsTabLink = useOpsTabLink();
  const deepLink = annotated
    ? { title: 'Open the Ops tab', link: opsTabLink(entityRef) }
    : undefined;
  return (
    <NowProvider>
      <InfoCard
        title="Operations"
        subheader="Live from the clusters by GSV Ops"
        deepLink={deepLink}
        variant="gridItem"
      >
        <CardContent annotated={annotated} live={live} />
      </InfoCard>
    </NowProvider>
  );
};
