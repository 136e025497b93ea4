import Typography from '@material-ui/core/Typography';
import type { DrReadinessLine } from '@gsv/plugin-gsv-ops-common';
import { formatDateTime, formatDuration } from '../../lib/format';
import type { RunbookTarget } from '../../lib/runbookLinks';
import { useDatabaseSectionStyles as useStyles } from '../BackupsCard/databaseSectionStyles';
import { Fact, FactList } from '../BackupsCard/Fact';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';
import { DrBlockerList, REHEARSE_LABEL } from './DrBlockerList';
import { DR_STATUS_LABELS, restorePointText, rpoText } from './drText';

const WINDOW_END: Record<
  NonNullable<DrReadinessLine['window']>['toSource'],
  string
> = {
  'archiver-metric': 'last archived WAL',
  'archiving-condition': 'archiving condition',
  'last-backup': 'last backup',
};

/** When the last restore rehearsal ran, or "never", with the restore runbook to run one. */
const Rehearsal = ({
  line,
  entityRef,
  target,
}: {
  line: DrReadinessLine;
  entityRef: string;
  target: RunbookTarget;
}) => (
  <>
    <RelativeTime value={line.lastRehearsal?.finishedAt} fallback="Never" />
    <Caption>
      Due every {formatDuration(line.rehearsalIntervalSeconds)}
      {line.lastRehearsal && ` · by ${line.lastRehearsal.initiatedBy}`}
    </Caption>
    {/* a rehearsal blocker carries the button itself */}
    {!line.blockers.some(b => b.runbook === 'database-restore') && (
      <RunbookButton
        runbook="database-restore"
        entityRef={entityRef}
        target={target}
        label={REHEARSE_LABEL}
        hideWhenDenied
      />
    )}
  </>
);

/** One database: could it be restored now, at what loss, when it was last backed up and rehearsed, what blocks it. */
export const DrReadinessLineSection = ({
  line,
  entityRef,
}: {
  line: DrReadinessLine;
  entityRef: string;
}) => {
  const classes = useStyles();
  const target: RunbookTarget = {
    cluster: line.cluster,
    environment: line.environment,
    namespace: line.namespace,
    name: line.name,
  };
  return (
    <section
      className={classes.database}
      aria-label={`DR readiness of ${line.name}`}
      data-testid="dr-line"
    >
      <div className={classes.heading}>
        <Typography variant="h6" component="h3" className={classes.name}>
          {line.name}
        </Typography>
        <LevelStatus level={line.level} size="medium">
          {DR_STATUS_LABELS[line.status]}
        </LevelStatus>
      </div>
      <FactList>
        <Fact term="Restore to a point">
          {restorePointText(line)}
          <Caption>
            {line.window
              ? `Window ${formatDateTime(line.window.from)} – ${formatDateTime(
                  line.window.to,
                )} (${WINDOW_END[line.window.toSource]})`
              : 'No recoverability window'}
          </Caption>
        </Fact>
        <Fact term="Data loss now (RPO)">{rpoText(line)}</Fact>
        <Fact term="Last successful backup">
          <RelativeTime value={line.lastSuccessfulBackupTime} fallback="None" />
          <Caption>
            At most {formatDuration(line.maxBackupAgeSeconds)} old
          </Caption>
        </Fact>
        <Fact term="Last restore rehearsal">
          <Rehearsal line={line} entityRef={entityRef} target={target} />
        </Fact>
      </FactList>
      <Typography
        variant="subtitle2"
        component="h4"
        className={classes.subheading}
      >
        What blocks it
      </Typography>
      <DrBlockerList
        blockers={line.blockers}
        entityRef={entityRef}
        target={target}
      />
    </section>
  );
};
