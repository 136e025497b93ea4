import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  gsvOpsSecurityReadPermission,
  type ClusterSecurityView,
} from '@gsv/plugin-gsv-ops-common';
import { useEntitySecurity } from '../../hooks/useSecurity';
import { errorMessage, isPermissionDenied } from '../../lib/errors';
import { PermissionDeniedPanel } from '../PermissionDeniedPanel';
import { FailedLoginsSection } from './FailedLoginsSection';
import { ServiceAccountsSection } from './ServiceAccountsSection';
import { VulnerabilitiesSection } from './VulnerabilitiesSection';

const Part = ({ title, children }: { title: string; children: ReactNode }) => (
  <Box component="section" aria-label={title}>
    <Typography variant="h6" gutterBottom>
      {title}
    </Typography>
    {children}
  </Box>
);

const SecurityContent = ({ view }: { view: ClusterSecurityView }) => (
  <Box display="flex" flexDirection="column" gridGap={24}>
    {view.unavailable.length > 0 && (
      <Alert severity="info" data-testid="security-unavailable">
        Not everything could be read: {view.unavailable.join('; ')}.
      </Alert>
    )}
    <Part title="Image vulnerabilities">
      <VulnerabilitiesSection vulnerabilities={view.vulnerabilities} />
    </Part>
    <Part title="Failed logins">
      <FailedLoginsSection logins={view.failedLogins} />
    </Part>
    <Part title="Service accounts">
      <ServiceAccountsSection accounts={view.serviceAccounts} />
    </Part>
  </Box>
);

/**
 * The service's security in the shown cluster (ops guide §8): its images' vulnerabilities from trivy-operator, its
 * failed logins per hour from Prometheus, and what its service accounts may do. Needs gsv-ops.security.read.
 */
export const SecurityCard = ({
  entityRef,
  cluster,
}: {
  entityRef: string;
  cluster: string;
}) => {
  const security = useEntitySecurity(entityRef, cluster);
  const view = security.value?.clusters.find(c => c.cluster === cluster);
  let body: ReactNode;
  if (security.error && isPermissionDenied(security.error)) {
    body = (
      <PermissionDeniedPanel
        subject="the security of this service"
        permission={gsvOpsSecurityReadPermission.name}
      />
    );
  } else if (security.error && !security.value) {
    body = (
      <Alert
        severity="error"
        data-testid="security-failed"
        action={
          <Button color="inherit" size="small" onClick={security.retry}>
            Try again
          </Button>
        }
      >
        Could not load the security view: {errorMessage(security.error)}
      </Alert>
    );
  } else if (view) {
    body = <SecurityContent view={view} />;
  } else if (security.value) {
    body = (
      <Typography variant="body2" data-testid="security-empty">
        Nothing to show: the service has no workloads in {cluster}.
      </Typography>
    );
  } else {
    body = (
      <div aria-busy="true" data-testid="security-loading">
        {[0, 1, 2].map(i => (
          <Skeleton key={i} variant="text" height={32} />
        ))}
      </div>
    );
  }
  return (
    <InfoCard
      title="Security"
      subheader={`Vulnerabilities, failed logins and service-account permissions in ${cluster}`}
    >
      {body}
    </InfoCard>
  );
};
