import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import { namespacedName, plural } from '../../lib/format';
import { sectionAnchor } from '../../lib/summary';
import type { ClusterSectionProps } from '../sectionProps';
import { ColumnHeading, TableHeader } from '../TableHeader';
import { DeploymentRow } from './DeploymentRow';
import { useExpandStyles } from './ExpandablePods';
import { JobsTable } from './JobsTable';
import { OtherPodsRows } from './OtherPodsRows';
import { useOpenDeployments } from './useOpenDeployments';

const useStyles = makeStyles(theme => ({
  table: {
    '& > tbody > tr > td, & > thead > tr > th': {
      padding: theme.spacing(1, 1.5),
    },
    // the action buttons wrap onto a second line rather than squeezing the headings
    '& > thead > tr > th': { whiteSpace: 'nowrap' },
  },
  subheading: { fontWeight: 500, margin: theme.spacing(3, 0, 1) },
}));

export type DeploymentsCardProps = ClusterSectionProps;

/**
 * Health of the workloads: deployments with ready/desired, rollout, image tag, restarts and autoscaling; pods
 * (expandable, non-running first); other pods and jobs of the service.
 */
export const DeploymentsCard = ({
  entityRef,
  cluster,
}: DeploymentsCardProps) => {
  const classes = { ...useExpandStyles(), ...useStyles() };
  const deployments = [...cluster.deployments].sort(
    worstFirst(
      d => d.level,
      (a, b) => a.name.localeCompare(b.name),
    ),
  );
  const open = useOpenDeployments(deployments);
  const columns: ColumnHeading[] = [
    { className: classes.expand },
    'Status',
    'Workload',
    { title: 'Ready', align: 'right' },
    'Rollout',
    'Image',
    { title: 'Restarts', align: 'right' },
    'Autoscaling',
    { title: 'Actions', align: 'right' },
  ];
  const totalPods =
    deployments.reduce((sum, d) => sum + d.pods.length, 0) +
    cluster.otherPods.length;

  return (
    <div id={sectionAnchor('workloads')}>
      <InfoCard
        title="Workloads"
        subheader={`${plural(deployments.length, 'workload')}, ${plural(
          totalPods,
          'pod',
        )} in ${cluster.cluster.name}`}
        noPadding
      >
        {deployments.length === 0 && cluster.otherPods.length === 0 ? (
          <Box p={2}>
            <Typography variant="body2">
              No deployments or pods of this service in {cluster.cluster.name}.
            </Typography>
          </Box>
        ) : (
          <Table className={classes.table} aria-label="Deployments">
            <TableHeader columns={columns} />
            <TableBody>
              {deployments.map(deployment => (
                <DeploymentRow
                  key={namespacedName(deployment)}
                  deployment={deployment}
                  expanded={open.isOpen(deployment)}
                  onToggle={() => open.toggle(deployment)}
                  entityRef={entityRef}
                  cluster={cluster}
                />
              ))}
              {cluster.otherPods.length > 0 && (
                <OtherPodsRows pods={cluster.otherPods} />
              )}
            </TableBody>
          </Table>
        )}
        {cluster.jobs.length > 0 && (
          <Box px={2} pb={2}>
            <Typography variant="subtitle2" className={classes.subheading}>
              Jobs
            </Typography>
            <JobsTable jobs={cluster.jobs} />
          </Box>
        )}
      </InfoCard>
    </div>
  );
};
