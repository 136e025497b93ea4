import { InfoCard, Table } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import type { PlatformSecurityView } from '@gsv/plugin-gsv-ops-common';
import { usePlatformSecurity } from '../../hooks/useSecurity';
import { errorMessage, isPermissionDenied } from '../../lib/errors';
import { ClusterErrorLines } from '../ClusterErrorLines';
import { platformSecurityColumns, SecurityTableRow } from './columns';

const TITLE = 'Security per service';

/** The fleet's services, most exposed first: CVEs, risky service accounts, failed logins. */
export const PlatformSecurityContent = ({
  view,
}: {
  view: PlatformSecurityView;
}) => {
  const data: SecurityTableRow[] = view.rows.map(row => ({
    ...row,
    id: `${row.cluster}/${row.namespace}/${row.service}`,
  }));
  const hidden =
    view.hiddenServices > 0
      ? `${view.hiddenServices} more service${
          view.hiddenServices === 1 ? '' : 's'
        } not shown: reading their security needs gsv-ops.security.read on them.`
      : undefined;
  return (
    <div data-testid="platform-security">
      {(hidden || view.failedLoginErrors.length > 0) && (
        <Alert
          severity="info"
          style={{ marginBottom: 16 }}
          data-testid="platform-security-notes"
        >
          {hidden && <div>{hidden}</div>}
          <ClusterErrorLines
            errors={view.failedLoginErrors}
            describe={e => `failed logins could not be read (${e.message})`}
          />
        </Alert>
      )}
      <Table<SecurityTableRow>
        title={TITLE}
        subtitle="Ops guide §8 per service and cluster: image CVEs (trivy-operator), risky RBAC grants, failed logins"
        options={{
          paging: data.length > 20,
          pageSize: 20,
          search: true,
          padding: 'dense',
          draggable: false,
          sorting: false,
        }}
        columns={platformSecurityColumns()}
        data={data}
        emptyContent={
          <Typography
            variant="body2"
            style={{ padding: 16 }}
            data-testid="platform-security-empty"
          >
            Nothing to show: no workload you may read the security of runs in
            the clusters.
          </Typography>
        }
      />
    </div>
  );
};

/** The platform page's security section: loading, refused and failing states around {@link PlatformSecurityContent}. */
export const PlatformSecurityTable = () => {
  const security = usePlatformSecurity();
  if (security.value) return <PlatformSecurityContent view={security.value} />;
  if (security.error) {
    const denied = isPermissionDenied(security.error);
    return (
      <InfoCard title={TITLE}>
        <Alert
          severity={denied ? 'info' : 'error'}
          data-testid="platform-security-failed"
          action={
            denied ? undefined : (
              <Button color="inherit" size="small" onClick={security.retry}>
                Try again
              </Button>
            )
          }
        >
          {denied
            ? 'You may not read the platform page (gsv-ops.platform.read).'
            : `Could not load the security table: ${errorMessage(
                security.error,
              )}`}
        </Alert>
      </InfoCard>
    );
  }
  return (
    <InfoCard title={TITLE}>
      <div aria-busy="true" data-testid="platform-security-loading">
        {[0, 1, 2].map(i => (
          <Skeleton key={i} variant="text" height={32} />
        ))}
      </div>
    </InfoCard>
  );
};
