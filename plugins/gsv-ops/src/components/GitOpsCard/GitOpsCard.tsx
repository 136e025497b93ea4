import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { namespacedName } from '../../lib/format';
import { sectionAnchor } from '../../lib/summary';
import type { ClusterSectionProps } from '../sectionProps';
import { ApplicationSection } from './ApplicationSection';

export type GitOpsCardProps = ClusterSectionProps;

/** The Argo CD application(s) of the service: sync and health, revision, last sync, what drifted, recent history. */
export const GitOpsCard = ({ entityRef, cluster }: GitOpsCardProps) => (
  <div id={sectionAnchor('gitops')} style={{ height: '100%' }}>
    <InfoCard title="GitOps" subheader="Argo CD" noPadding variant="fullHeight">
      {cluster.applications.length === 0 ? (
        <Box p={2}>
          <Typography variant="body2">
            No Argo CD application. Name it in the <code>argocd/app-name</code>{' '}
            annotation to see its sync state.
          </Typography>
        </Box>
      ) : (
        cluster.applications.map((app, index) => (
          <div key={namespacedName(app)}>
            {index > 0 && <Divider />}
            <ApplicationSection
              app={app}
              entityRef={entityRef}
              cluster={cluster}
            />
          </div>
        ))
      )}
    </InfoCard>
  </div>
);
