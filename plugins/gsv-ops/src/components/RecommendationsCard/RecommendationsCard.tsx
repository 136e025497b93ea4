import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import TrendingUp from '@material-ui/icons/TrendingUp';
import {
  getRunbook,
  type EntityMetricsView,
  type RecommendationView,
} from '@gsv/plugin-gsv-ops-common';
import {
  missingRunbookPermissions,
  useRunbookPermissions,
} from '../../hooks/useRunbookPermissions';
import { recommendationTarget } from '../../lib/metrics';
import { LevelStatus } from '../LevelStatus';
import { MissingPermissionsNote, RunbookButton } from '../RunbookButton';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    gap: theme.spacing(1.5),
    alignItems: 'flex-start',
    padding: theme.spacing(1.25, 0),
    '&:not(:last-child)': {
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
    '&:first-child': { paddingTop: 0 },
  },
  icon: { color: theme.palette.status.warning, marginTop: 2 },
  body: { flex: 1, minWidth: 0 },
  title: { fontWeight: 500 },
  reason: {
    color: theme.palette.text.secondary,
    margin: theme.spacing(0.25, 0, 1),
  },
  note: { color: theme.palette.text.secondary, marginTop: theme.spacing(1.5) },
}));

/** The button's words, with the recommended change: "Scale agent-registry-worker to 2 replicas". */
export function actionLabel(recommendation: RecommendationView): string {
  const { name } = recommendation.target;
  const { replicas, instances, minReplicas } = recommendation.parameters;
  switch (recommendation.runbook) {
    case 'deployment-scale':
      return typeof replicas === 'number'
        ? `Scale ${name} to ${replicas} ${
            replicas === 1 ? 'replica' : 'replicas'
          }`
        : `Scale ${name}`;
    case 'database-scale':
      return typeof instances === 'number'
        ? `Scale ${name} to ${instances} instances`
        : `Scale ${name}`;
    case 'autoscaler-scale':
      return typeof minReplicas === 'number'
        ? `Keep at least ${minReplicas} replicas (HPA ${name})`
        : `Scale autoscaler ${name}`;
    case 'deployment-set-resources':
      return `Set the limits of ${name}`;
    default:
      return `${
        getRunbook(recommendation.runbook)?.title ?? 'Open the runbook'
      }: ${name}`;
  }
}

/** One recommendation: what, why, and the button that opens its runbook filled in. */
const RecommendationItem = ({
  recommendation,
  entityRef,
  view,
}: {
  recommendation: RecommendationView;
  entityRef: string;
  view: EntityMetricsView;
}) => {
  const classes = useStyles();
  return (
    <li
      className={classes.item}
      data-testid="recommendation"
      data-recommendation={recommendation.id}
    >
      <TrendingUp className={classes.icon} aria-hidden />
      <div className={classes.body}>
        <Typography variant="body2" className={classes.title}>
          {recommendation.title}
        </Typography>
        <Typography variant="body2" className={classes.reason}>
          {recommendation.reason}
        </Typography>
        <RunbookButton
          runbook={recommendation.runbook}
          entityRef={entityRef}
          target={recommendationTarget(view, recommendation)}
          label={actionLabel(recommendation)}
          emphasis
        />
      </div>
    </li>
  );
};

export interface RecommendationsCardProps {
  entityRef: string;
  view: EntityMetricsView;
}

/**
 * The rows of the ops guide's §3.4 scaling decision matrix that apply now, each with the runbook that acts on it:
 * the button opens the runbook's template with the target and the recommended parameters filled in (nothing changes
 * until the person reviews the dry run and submits). Gated like the quick actions: the runbook's permission on the
 * service, and `gsv-ops.production.operate` in production.
 */
export const RecommendationsCard = ({
  entityRef,
  view,
}: RecommendationsCardProps) => {
  const classes = useStyles();
  const permissions = useRunbookPermissions(entityRef);
  const production = view.environment === 'prod';
  const missing = missingRunbookPermissions(
    permissions,
    view.recommendations.map(r => r.runbook),
  );
  const productionMissing =
    !permissions.loading &&
    production &&
    !permissions.production &&
    view.recommendations.length > 0;
  const withoutData = view.metrics.filter(m => m.value === undefined);

  return (
    <InfoCard
      title={`Recommendations${
        view.recommendations.length ? ` (${view.recommendations.length})` : ''
      }`}
      subheader="Ops guide §3.4 scaling decision matrix"
      variant="fullHeight"
    >
      <div data-testid="recommendations-card">
        {view.recommendations.length === 0 ? (
          <Typography variant="body2" data-testid="no-recommendations">
            <LevelStatus level="ok" wrap>
              No scaling needed: no row of the decision matrix applies in{' '}
              {view.cluster}
            </LevelStatus>
          </Typography>
        ) : (
          <ul className={classes.list}>
            {view.recommendations.map(recommendation => (
              <RecommendationItem
                key={`${recommendation.id}:${recommendation.target.name}`}
                recommendation={recommendation}
                entityRef={entityRef}
                view={view}
              />
            ))}
          </ul>
        )}
        <MissingPermissionsNote
          missing={missing}
          productionMissing={productionMissing}
          data-testid="recommendations-denied"
        />
        {withoutData.length > 0 && (
          <Typography variant="caption" component="p" className={classes.note}>
            Without data, {withoutData.map(m => m.title).join(', ')} cannot
            trigger a recommendation.
          </Typography>
        )}
      </div>
    </InfoCard>
  );
};
