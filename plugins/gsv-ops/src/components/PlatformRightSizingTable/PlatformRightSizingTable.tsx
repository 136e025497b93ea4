import { InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  PlatformRightSizingView,
  ServiceRightSizing,
} from '@gsv/plugin-gsv-ops-common';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { usePlatformRightSizing } from '../../hooks/useRightSizing';
import { entityRefLabel } from '../../lib/entityRefs';
import { formatBytes, plural } from '../../lib/format';
import { formatCores } from '../../lib/rightSizing';
import { Caption } from '../Caption';
import { ClusterErrorLines } from '../ClusterErrorLines';
import {
  CompletedJobsList,
  ContainerTable,
  RightSizingStates,
  UnusedPvcList,
} from '../RightSizingCard';
import { TableHeader } from '../TableHeader';
import { usePagedRows } from '../TablePager';

/** "1.5 cores requested" over "p95 used: 400m"; bytes for memory. */
const AmountCell = ({
  service,
  resource,
}: {
  service: ServiceRightSizing;
  resource: 'cpu' | 'memory';
}) => {
  const format = resource === 'cpu' ? formatCores : formatBytes;
  const used = service.used?.[resource];
  return (
    <TableCell>
      <Typography variant="body2">
        {format(service.requested[resource])} requested
      </Typography>
      <Caption>
        {used === undefined ? 'no usage data' : `p95 used: ${format(used)}`}
      </Caption>
    </TableCell>
  );
};

const ServicesTable = ({ view }: { view: PlatformRightSizingView }) => {
  const opsTabLink = useOpsTabLink();
  const paged = usePagedRows(view.services, 5);
  return (
    <Table size="small" aria-label="Requested and used per service">
      <TableHeader
        columns={['Service', 'CPU', 'Memory', 'Reclaimable', 'Containers']}
      />
      <TableBody>
        {paged.rows.map(service => (
          <TableRow
            key={`${service.entityRef}@${service.cluster}`}
            data-testid="right-sizing-service"
          >
            <TableCell>
              <Link to={opsTabLink(service.entityRef, service.cluster)}>
                {service.title ?? entityRefLabel(service.entityRef)}
              </Link>
              <Caption>
                {service.cluster} · {service.environment}
              </Caption>
            </TableCell>
            <AmountCell service={service} resource="cpu" />
            <AmountCell service={service} resource="memory" />
            <TableCell>
              {formatCores(service.reclaimable.cpu)} CPU,{' '}
              {formatBytes(service.reclaimable.memory)}
            </TableCell>
            <TableCell>
              {service.overProvisioned} over-, {service.underProvisioned}{' '}
              under-provisioned
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
      {paged.footer}
    </Table>
  );
};

export const PlatformRightSizingContent = ({
  view,
}: {
  view: PlatformRightSizingView;
}) => {
  const finished = view.completedJobs.reduce(
    (sum, j) => sum + j.succeeded + j.failed,
    0,
  );
  return (
    <Box display="flex" flexDirection="column" gridGap={24}>
      {view.errors.length > 0 && (
        <Alert severity="warning">
          <ClusterErrorLines errors={view.errors} />
        </Alert>
      )}
      <Typography variant="body2" data-testid="right-sizing-totals">
        {formatBytes(view.unusedPvcBytes)} in{' '}
        {plural(view.unusedPvcs.length, 'volume')} no pod mounts;{' '}
        {plural(finished, 'finished Job')} in{' '}
        {plural(view.completedJobs.length, 'namespace')}.
      </Typography>
      {view.services.length === 0 ? (
        <Typography variant="body2">
          No service runs workloads GSV Ops can see: nothing to right-size.
        </Typography>
      ) : (
        <ServicesTable view={view} />
      )}
      <div>
        <Typography variant="subtitle2" gutterBottom>
          Most over-provisioned containers
        </Typography>
        {view.containers.length === 0 ? (
          <Typography variant="body2" data-testid="no-over-provisioned">
            No container uses less than{' '}
            {Math.round(view.settings.overProvisionedBelow * 100)}% of its
            request at p95 over {view.settings.window}.
          </Typography>
        ) : (
          <ContainerTable
            rows={view.containers}
            settings={view.settings}
            showService
          />
        )}
      </div>
      <div>
        <Typography variant="subtitle2" gutterBottom>
          Volumes no pod mounts
        </Typography>
        <UnusedPvcList pvcs={view.unusedPvcs} />
      </div>
      <div>
        <Typography variant="subtitle2" gutterBottom>
          Finished Jobs
        </Typography>
        <CompletedJobsList jobs={view.completedJobs} />
      </div>
    </Box>
  );
};

/** The platform page's right-sizing section (ops guide §9): where the fleet wastes most, sorted by waste. */
export const PlatformRightSizingTable = () => {
  const resource = usePlatformRightSizing();
  return (
    <InfoCard
      title="Right-sizing"
      subheader={
        resource.value
          ? `Requests against p95 usage over ${resource.value.settings.window}, most waste first`
          : 'Requests against p95 usage, most waste first'
      }
    >
      <RightSizingStates
        resource={resource}
        subject="the platform's right-sizing"
        permission="gsv-ops.platform.read"
      >
        {view => <PlatformRightSizingContent view={view} />}
      </RightSizingStates>
    </InfoCard>
  );
};
