import {
  Content,
  ContentHeader,
  Header,
  HeaderLabel,
  Page,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  gsvOpsPlatformReadPermission,
  PlatformHealthView,
} from '@gsv/plugin-gsv-ops-common';
import { usePlatformHealth } from '../../hooks/usePlatformHealth';
import { NowProvider } from '../../hooks/useCurrentTime';
import type { LiveResource } from '../../hooks/useLiveResource';
import { useRenderMark } from '../../hooks/useRenderMark';
import { isPermissionDenied } from '../../lib/errors';
import { Freshness } from '../Freshness';
import { LoadErrorPanel } from '../LoadErrorPanel';
import { OpsSkeleton } from '../OpsSkeleton';
import { PermissionDeniedPanel } from '../PermissionDeniedPanel';
import { PlatformHealthContent } from './PlatformHealthContent';

/** The page's body for each state of the live view: refused, failed, loading or there. */
const PlatformHealthBody = ({
  live,
}: {
  live: LiveResource<PlatformHealthView>;
}) => {
  if (live.error && isPermissionDenied(live.error)) {
    return (
      <PermissionDeniedPanel
        subject="the platform health page"
        permission={gsvOpsPlatformReadPermission.name}
      />
    );
  }
  if (!live.value) {
    return live.error ? (
      <LoadErrorPanel
        error={live.error}
        title="Could not load the platform health"
        onRetry={live.retry}
      />
    ) : (
      <OpsSkeleton />
    );
  }
  return (
    <PlatformHealthContent
      view={live.value}
      freshness={
        <Freshness
          status={live.status}
          checkedAt={live.checkedAt}
          generatedAt={live.value.generatedAt}
          error={live.error}
          onRetry={live.retry}
        />
      }
    />
  );
};

/** The clusters in the header: their names, or at fleet size their number and the first and last. */
export const clustersLabel = (names: string[]) => {
  if (names.length === 0) return 'none';
  if (names.length <= 4) return names.join(', ');
  return `${names.length} (${names[0]} … ${names[names.length - 1]})`;
};

/**
 * The ops guide's morning health check (§1.1) across clusters, live, with the key metrics of every service (§1.2);
 * each row links to its service's Ops tab.
 */
export const GsvPlatformHealthPage = () => {
  const live = usePlatformHealth();
  useRenderMark('gsv-ops:platform-rendered', Boolean(live.value));
  return (
    <NowProvider>
      <Page themeId="tool">
        <Header
          title="Platform health"
          subtitle="The morning health check across every cluster"
        >
          {live.value && (
            <HeaderLabel
              label="Clusters"
              value={clustersLabel(live.value.clusters.map(c => c.name))}
            />
          )}
        </Header>
        <Content>
          <ContentHeader title="Daily health check">
            <Typography variant="body2" color="textSecondary">
              Key metrics per service (§1.2), nodes, failing pods, GitOps,
              certificates, volumes, backups and warnings — ops guide §1.1
            </Typography>
          </ContentHeader>
          <PlatformHealthBody live={live} />
        </Content>
      </Page>
    </NowProvider>
  );
};
