import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type {
  CompletedJobsSummary,
  Environment,
  UnusedPvc,
} from '@gsv/plugin-gsv-ops-common';
import { formatBytes, plural } from '../../lib/format';
import { recommendationTarget } from '../../lib/metrics';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';

/** Bound volumes no pod mounts; no runbook deletes them (their data would go too). */
export const UnusedPvcList = ({
  pvcs,
}: {
  pvcs: (UnusedPvc & { cluster?: string })[];
}) => {
  if (pvcs.length === 0) {
    return (
      <Typography variant="body2" data-testid="no-unused-pvcs">
        Every bound volume is mounted by a pod.
      </Typography>
    );
  }
  return (
    <>
      <List dense disablePadding aria-label="Unused volumes">
        {pvcs.map(pvc => (
          <ListItem
            key={`${pvc.cluster}/${pvc.namespace}/${pvc.name}`}
            disableGutters
            data-testid="unused-pvc"
          >
            <ListItemText
              primary={`${pvc.namespace}/${pvc.name}: ${
                formatBytes(pvc.capacityBytes) ?? 'size unknown'
              }`}
              secondary={[
                pvc.cluster,
                pvc.storageClass,
                pvc.createdAt && `created ${pvc.createdAt.slice(0, 10)}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          </ListItem>
        ))}
      </List>
      <Typography variant="caption" color="textSecondary">
        No pod mounts these. No runbook deletes volumes, as their data goes with
        them: check, back up if needed, then{' '}
        <code>kubectl delete pvc -n &lt;namespace&gt; &lt;name&gt;</code>.
      </Typography>
    </>
  );
};

/** Finished Jobs per namespace, each with the workload-cleanup runbook prefilled for it. */
export const CompletedJobsList = ({
  jobs,
  entityRef,
  cluster,
}: {
  jobs: (CompletedJobsSummary & {
    cluster?: string;
    environment?: Environment;
    entityRef?: string;
  })[];
  /** The service whose runbook permission gates the cleanup (default: each summary's own). */
  entityRef?: string;
  cluster?: { cluster: string; environment: Environment };
}) => {
  if (jobs.length === 0) {
    return (
      <Typography variant="body2" data-testid="no-completed-jobs">
        No finished Jobs.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Finished Jobs">
      {jobs.map(summary => {
        const owner = entityRef ?? summary.entityRef;
        const where = cluster ?? {
          cluster: summary.cluster ?? '',
          environment: summary.environment ?? '',
        };
        return (
          <ListItem
            key={`${where.cluster}/${summary.namespace}`}
            disableGutters
            data-testid="completed-jobs"
          >
            <ListItemText
              primary={`${summary.namespace}: ${summary.succeeded} succeeded, ${summary.failed} failed`}
              secondary={
                <>
                  {summary.oldestFinishedAt && (
                    <RelativeTime
                      value={summary.oldestFinishedAt}
                      prefix="oldest finished"
                    />
                  )}
                  {summary.ownedByCronJobs > 0 &&
                    ` · ${plural(
                      summary.ownedByCronJobs,
                      'Job',
                    )} of CronJobs, which keep their own history`}
                </>
              }
            />
            {owner && (
              <RunbookButton
                runbook={summary.action.runbook}
                entityRef={owner}
                target={recommendationTarget(where, summary.action)}
                hideWhenDenied
              />
            )}
          </ListItem>
        );
      })}
    </List>
  );
};
