import Typography from '@material-ui/core/Typography';
import type {
  DatabaseView,
  EntityBloatReports,
} from '@gsv/plugin-gsv-ops-common';
import type { PolledResource } from '../../hooks/usePolledResource';
import { runbookTarget } from '../../lib/runbookLinks';
import { RunbookButton } from '../RunbookButton';
import type { ClusterSectionProps } from '../sectionProps';
import { BackupFacts } from './BackupFacts';
import { BloatSection } from './BloatSection';
import { FactList } from './Fact';
import { InstanceFacts } from './InstanceFacts';
import { PoolersTable } from './PoolersTable';
import { RecentBackupsTable } from './RecentBackupsTable';
import { useDatabaseSectionStyles as useStyles } from './databaseSectionStyles';

/**
 * One CloudNativePG cluster: its name and image, Back up now and Bloat report, its facts, its recent backups, its
 * latest bloat report and its poolers.
 */
export const DatabaseSection = ({
  database,
  bloat,
  entityRef,
  cluster,
}: ClusterSectionProps & {
  database: DatabaseView;
  bloat: PolledResource<EntityBloatReports>;
}) => {
  const classes = useStyles();
  return (
    <section
      className={classes.database}
      data-testid="database"
      aria-label={`Database ${database.name}`}
    >
      <div className={classes.heading}>
        <div className={classes.title}>
          <Typography variant="h6" component="h3" className={classes.name}>
            {database.name}
          </Typography>
          <Typography variant="body2" className={classes.secondary}>
            CloudNativePG cluster · {database.namespace}
            {database.image && ` · ${database.image.split('/').pop()}`}
          </Typography>
        </div>
        <div className={classes.actions}>
          <RunbookButton
            runbook="database-backup"
            entityRef={entityRef}
            target={runbookTarget(cluster, database)}
            emphasis={database.level !== 'ok'}
            hideWhenDenied
          />
          <RunbookButton
            runbook="database-maintenance"
            entityRef={entityRef}
            target={runbookTarget(cluster, database)}
            label="Bloat report"
            hideWhenDenied
          />
        </div>
      </div>
      <FactList>
        <InstanceFacts database={database} />
        <BackupFacts database={database} />
      </FactList>
      <Typography
        variant="subtitle2"
        component="h4"
        className={classes.subheading}
      >
        Recent backups
      </Typography>
      <RecentBackupsTable backups={database.recentBackups} />
      <BloatSection
        database={database}
        bloat={bloat}
        entityRef={entityRef}
        cluster={cluster}
      />
      {database.poolers && (
        <>
          <Typography
            variant="subtitle2"
            component="h4"
            className={classes.subheading}
          >
            Connection poolers
          </Typography>
          <PoolersTable
            poolers={database.poolers}
            entityRef={entityRef}
            cluster={cluster}
          />
        </>
      )}
    </section>
  );
};
