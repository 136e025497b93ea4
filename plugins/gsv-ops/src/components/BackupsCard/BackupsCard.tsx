import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { useEntityBloatReports } from '../../hooks/useBloatReports';
import { namespacedName } from '../../lib/format';
import { sectionAnchor } from '../../lib/summary';
import type { ClusterSectionProps } from '../sectionProps';
import { DatabaseSection } from './DatabaseSection';

export type BackupsCardProps = ClusterSectionProps;

/** The database sections, with the bloat reports read once for all of them. */
const DatabaseSections = ({ entityRef, cluster }: BackupsCardProps) => {
  const bloat = useEntityBloatReports(entityRef, cluster.cluster.name);
  return (
    <>
      {cluster.databases.map((database, index) => (
        <div key={namespacedName(database)}>
          {index > 0 && <Divider />}
          <DatabaseSection
            database={database}
            bloat={bloat}
            entityRef={entityRef}
            cluster={cluster}
          />
        </div>
      ))}
    </>
  );
};

/**
 * The CloudNativePG cluster(s) of the service: state, instances, primary, WAL archiving, the last successful backup
 * against the schedule, the recoverability window, the next run, the recent backups and the latest bloat report.
 */
export const BackupsCard = ({ entityRef, cluster }: BackupsCardProps) => (
  <div id={sectionAnchor('backups')}>
    <InfoCard
      title="Backups"
      subheader="CloudNativePG database and its backups"
      noPadding
    >
      {cluster.databases.length === 0 ? (
        <Box p={2}>
          <Typography variant="body2">
            No database. Name the CloudNativePG cluster in the{' '}
            <code>gsv.io/cnpg-cluster</code> annotation to see its backups.
          </Typography>
        </Box>
      ) : (
        <DatabaseSections entityRef={entityRef} cluster={cluster} />
      )}
    </InfoCard>
  </div>
);
