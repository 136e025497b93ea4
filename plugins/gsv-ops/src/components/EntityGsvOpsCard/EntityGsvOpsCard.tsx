import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  GSV_OPS_ANNOTATIONS,
  gsvOpsEntityReadPermission,
  Level,
} from '@gsv/plugin-gsv-ops-common';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';
import { isGsvOpsAvailable } from '../../isGsvOpsAvailable';
import { useEntityOpsView } from '../../hooks/useEntityOpsView';
import { NowProvider } from '../../hooks/useCurrentTime';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { isPermissionDenied } from '../../lib/errors';
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

/** The Ops summary for the entity overview page: level, sections, top reasons, and a link to the Ops tab. */
export const EntityGsvOpsCard = () => {
  const classes = useStyles();
  const { entity } = useEntity();
  const annotated = isGsvOpsAvailable(entity);
  const entityRef = stringifyEntityRef(entity);
  const live = useEntityOpsView(annotated ? entityRef : undefined);
  const opsTabLink = useOpsTabLink();
  const deepLink = annotated
    ? { title: 'Open the Ops tab', link: opsTabLink(entityRef) }
    : undefined;

  let content: JSX.Element;
  if (!annotated) {
    content = (
      <Typography variant="body2">
        Add the <code>{GSV_OPS_ANNOTATIONS.kubernetesId}</code> annotation to
        see this component's health here.
      </Typography>
    );
  } else if (live.error && isPermissionDenied(live.error)) {
    content = (
      <Typography variant="body2" data-testid="permission-denied">
        You don't have access to the operations of this service (
        <code>{gsvOpsEntityReadPermission.name}</code>).
      </Typography>
    );
  } else if (!live.value) {
    content = live.error ? (
      <ResponseErrorPanel
        error={live.error}
        title="Could not load the Ops view"
      />
    ) : (
      <div aria-busy="true" data-testid="ops-card-skeleton">
        <Skeleton variant="text" width={180} height={36} />
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} variant="text" width={`${80 - i * 10}%`} />
        ))}
      </div>
    );
  } else {
    const view = live.value;
    const worst = [...view.clusters].sort(worstFirst(c => c.level))[0];
    const sections = worst ? summarizeCluster(worst) : [];
    content = (
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
        {sections.length > 0 && (
          <div className={classes.sections} role="list" aria-label="Sections">
            {sections.map(section => (
              <div
                role="listitem"
                key={section.id}
                style={{ display: 'contents' }}
              >
                <LevelStatus level={section.level}>{section.title}</LevelStatus>
                <Typography variant="body2" className={classes.secondary}>
                  {section.text}
                </Typography>
              </div>
            ))}
          </div>
        )}
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
  }

  return (
    <NowProvider>
      <InfoCard
        title="Operations"
        subheader="Live from the clusters by GSV Ops"
        deepLink={deepLink}
        variant="gridItem"
      >
        {content}
      </InfoCard>
    </NowProvider>
  );
};
