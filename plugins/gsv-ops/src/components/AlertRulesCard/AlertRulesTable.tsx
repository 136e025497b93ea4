import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNew from '@material-ui/icons/OpenInNew';
import type { AlertRuleView } from '@gsv/plugin-gsv-ops-common';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { entityRefLabel } from '../../lib/entityRefs';
import { alertLevel } from '../../lib/metrics';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { usePagedRows } from '../TablePager';
import { RuleStateChip } from './RuleStateChip';

const useStyles = makeStyles(theme => ({
  name: { fontWeight: 500 },
  error: { color: theme.palette.status.error },
  nowrap: { whiteSpace: 'nowrap' },
  link: { display: 'inline-flex', alignItems: 'center', gap: 4 },
}));

/** A rule with, on the platform page, the services it watches. */
export type AlertRuleRow = AlertRuleView & { services?: string[] };

/** Where an alert of the rule goes: the receivers, each with the matchers of its route on hover. */
const RouteCell = ({ rule }: { rule: AlertRuleRow }) => {
  if (!rule.routes) return <Caption>unknown</Caption>;
  return (
    <>
      {rule.routes.map((route, i) => (
        <Tooltip
          key={i}
          title={
            route.matchers.length
              ? `Route ${route.matchers.join(', ')}; grouped by ${
                  route.groupBy.join(', ') || 'nothing'
                }`
              : 'The default route: no other route takes it'
          }
        >
          <Typography variant="body2" data-testid="rule-receiver">
            → {route.receiver}
            {route.matchers.length === 0 ? ' (default)' : ''}
          </Typography>
        </Tooltip>
      ))}
    </>
  );
};

const ServicesCell = ({ rule }: { rule: AlertRuleRow }) => {
  const opsTabLink = useOpsTabLink();
  if (!rule.services?.length) return <Caption>none in the catalog</Caption>;
  return (
    <>
      {rule.services.map(service => (
        <div key={service}>
          <Link to={opsTabLink(service, rule.cluster)}>
            {entityRefLabel(service)}
          </Link>
        </div>
      ))}
    </>
  );
};

const RuleCell = ({ rule }: { rule: AlertRuleRow }) => {
  const classes = useStyles();
  return (
    <>
      <Typography variant="body2" className={classes.name}>
        {rule.name}
      </Typography>
      {rule.summary && <Typography variant="body2">{rule.summary}</Typography>}
      <Caption>
        {rule.source.namespace}/{rule.source.name} · {rule.group}
        {rule.loaded ? '' : ' · not evaluated by Prometheus'}
      </Caption>
      {rule.health === 'err' && (
        <Typography
          variant="caption"
          component="div"
          className={classes.error}
          data-testid="rule-error"
        >
          Evaluation fails: {rule.lastError ?? 'unknown error'}
        </Typography>
      )}
    </>
  );
};

/**
 * Alert rules, one row each: state, rule (summary, PrometheusRule and group), severity, `for`, where its alerts go,
 * a link to its expression in Prometheus; on the platform page also the cluster and the services it watches.
 */
export const AlertRulesTable = ({
  rules,
  platform = false,
}: {
  rules: AlertRuleRow[];
  platform?: boolean;
}) => {
  const classes = useStyles();
  const paged = usePagedRows(rules, platform ? 7 : 6);
  return (
    <Table size="small" aria-label="Alert rules">
      <TableHead>
        <TableRow>
          <TableCell>State</TableCell>
          <TableCell>Rule</TableCell>
          {platform && <TableCell>Watches</TableCell>}
          <TableCell>Severity</TableCell>
          <TableCell>For</TableCell>
          <TableCell>Routed to</TableCell>
          <TableCell>Prometheus</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {paged.rows.map((rule, index) => (
          <TableRow
            // a group may hold two rules of one name (e.g. two thresholds)
            key={`${rule.cluster}/${rule.source.namespace}/${rule.source.name}/${rule.group}/${rule.name}/${index}`}
            data-testid="rule-row"
            data-rule={rule.name}
          >
            <TableCell className={classes.nowrap}>
              <RuleStateChip
                state={rule.state}
                activeAlerts={rule.activeAlerts}
              />
            </TableCell>
            <TableCell>
              <RuleCell rule={rule} />
            </TableCell>
            {platform && (
              <TableCell>
                <ServicesCell rule={rule} />
                <Caption>{rule.cluster}</Caption>
              </TableCell>
            )}
            <TableCell className={classes.nowrap}>
              <LevelStatus level={alertLevel(rule.severity)}>
                {rule.severity ?? 'none'}
              </LevelStatus>
            </TableCell>
            <TableCell className={classes.nowrap}>
              {rule.for ?? 'at once'}
            </TableCell>
            <TableCell>
              <RouteCell rule={rule} />
            </TableCell>
            <TableCell>
              {rule.prometheusUrl ? (
                <Link
                  to={rule.prometheusUrl}
                  className={classes.link}
                  data-testid="rule-link"
                >
                  Open <OpenInNew fontSize="inherit" />
                </Link>
              ) : (
                <Caption>—</Caption>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
      {paged.footer}
    </Table>
  );
};
