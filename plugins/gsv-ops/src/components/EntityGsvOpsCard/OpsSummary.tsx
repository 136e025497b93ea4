import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { EntityOpsView, Level } from '@gsv/plugin-gsv-ops-common';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import type { LiveResource } from '../../hooks/useLiveResource';
import { describeFindings, summarizeCluster } from '../../lib/summary';
import { FindingsList } from '../FindingsList';
import { Freshness } from '../Freshness';
import { LevelStatus } from '../LevelStatus';

const useStyles = makeStyles(theme => ({
  top: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  secondary: { color: theme.palette.text.secondary },
  sections: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.75, 2),
    margin: theme.spacing(2, 0),
  },
  findings: { marginTop: theme.spacing(1) },
}));

const HEADLINES: Record<Level, string> = {
  ok: 'Healthy',
  warning: 'Needs attention',
  critical: 'Degraded',
  unknown: 'Status unknown',
};

/** One line per section of the worst cluster: its level and a few words. */
const SectionLines = ({ view }: { view: EntityOpsView }) => {
  const classes = useStyles();
  const worst = [...view.clusters].sort(worstFirst(c => c.level))[0];
  const sections = worst ? summarizeCluster(worst) : [];
  if (sections.length === 0) return null;
  return (
    <div className={classes.sections} role="list" aria-label="Sections">
      {sections.map(section => (
        <div role="listitem" key={section.id} style={{ display: 'contents' }}>
          <LevelStatus level={section.level}>{section.title}</LevelStatus>
          <Typography variant="body2" className={classes.secondary}>
            {section.text}
          </Typography>
        </div>
      ))}
    </div>
  );
};

/** The summary of a service's view: headline, findings and clusters, freshness, sections, unread clusters, reasons. */
export const OpsSummary = ({
  view,
  live,
}: {
  view: EntityOpsView;
  live: LiveResource<EntityOpsView>;
}) => {
  const classes = useStyles();
  return (
    <>
      <div className={classes.top}>
        <div>
          <LevelStatus level={view.level} size="large">
            {HEADLINES[view.level]}
          </LevelStatus>
          <Typography variant="body2" className={classes.secondary}>
            {describeFindings(view.findings)}
            {view.clusters.length > 0 &&
              ` · ${view.clusters
                .map(c => `${c.cluster.name} (${c.cluster.environment})`)
                .join(', ')}`}
          </Typography>
        </div>
        <Freshness
          status={live.status}
          checkedAt={live.checkedAt}
          generatedAt={view.generatedAt}
        />
      </div>
      <SectionLines view={view} />
      {view.errors.length > 0 && (
        <LevelStatus level="unknown">
          Could not read{' '}
          {view.errors.map(e => `${e.cluster} (${e.reason})`).join(', ')}
        </LevelStatus>
      )}
      <div className={classes.findings}>
        <FindingsList findings={view.findings} max={3} />
      </div>
    </>
  );
};
