import Typography from '@material-ui/core/Typography';
import type {
  ClusterOpsView,
  DatabaseView,
  EntityBloatReports,
} from '@gsv/plugin-gsv-ops-common';
import type { PolledResource } from '../../hooks/usePolledResource';
import { errorMessage, isPermissionDenied } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { LoadFailure, LoadingLines } from '../AlertRulesCard';
import { RelativeTime } from '../RelativeTime';
import { BloatTable } from './BloatTable';
import { useDatabaseSectionStyles as useStyles } from './databaseSectionStyles';

export interface BloatSectionProps {
  database: DatabaseView;
  bloat: PolledResource<EntityBloatReports>;
  entityRef: string;
  cluster: ClusterOpsView;
}

const BloatLoadState = ({
  bloat,
}: {
  bloat: PolledResource<EntityBloatReports>;
}) => {
  if (!bloat.error) return <LoadingLines testId="bloat-loading" />;
  const denied = isPermissionDenied(bloat.error);
  return (
    <LoadFailure
      expected={denied}
      message={
        denied
          ? 'You may not see the bloat reports of this service (gsv-ops.entity.read).'
          : `Could not load the bloat report: ${errorMessage(bloat.error)}`
      }
      onRetry={bloat.retry}
      testId="bloat-failed"
    />
  );
};

/**
 * "Bloat (report of <time>)": the tables of the database's latest bloat report (ops guide §7.3, the result of the
 * last successful database-maintenance run), or why there is none.
 */
export const BloatSection = ({
  database,
  bloat,
  entityRef,
  cluster,
}: BloatSectionProps) => {
  const classes = useStyles();
  const report = bloat.value?.reports.find(
    r =>
      r.cluster === cluster.cluster.name &&
      r.namespace === database.namespace &&
      r.database === database.name,
  );
  let body;
  if (!bloat.value) body = <BloatLoadState bloat={bloat} />;
  else if (!report)
    body = (
      <Typography
        variant="body2"
        className={classes.secondary}
        data-testid="bloat-empty"
      >
        No report yet: run Bloat report to see the dead tuples of each table.
      </Typography>
    );
  else
    body = (
      <>
        <Typography
          variant="caption"
          component="p"
          className={classes.secondary}
        >
          <RelativeTime value={report.finishedAt} /> by{' '}
          {report.initiatedBy.replace(/^user:default\//, '')}
          {report.operation === 'vacuum-analyze' &&
            `, after VACUUM (ANALYZE) on ${report.vacuumed ?? 'every table'}`}
        </Typography>
        <BloatTable report={report} entityRef={entityRef} cluster={cluster} />
      </>
    );
  return (
    <>
      <Typography
        variant="subtitle2"
        component="h4"
        className={classes.subheading}
      >
        Bloat
        {report && ` (report of ${formatDateTime(report.finishedAt)})`}
      </Typography>
      {body}
    </>
  );
};
