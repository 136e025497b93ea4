import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  RbacGrantView,
  RbacRisk,
  RbacRuleView,
  ServiceAccountRbac,
} from '@gsv/plugin-gsv-ops-common';
import { RISK_LABELS } from '../../lib/security';
import { Caption } from '../Caption';

const useStyles = makeStyles(theme => ({
  risky: { color: theme.palette.error.main, fontWeight: 500 },
  risk: {
    background: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
}));

export const RiskChips = ({ risks }: { risks: RbacRisk[] }) => {
  const classes = useStyles();
  return (
    <Box display="inline-flex" gridGap={4} flexWrap="wrap">
      {risks.map(risk => (
        <Chip
          key={risk}
          size="small"
          label={RISK_LABELS[risk]}
          className={classes.risk}
        />
      ))}
    </Box>
  );
};

function ruleText(rule: RbacRuleView): string {
  if (rule.nonResourceURLs)
    return `${rule.verbs.join(', ')} on ${rule.nonResourceURLs.join(', ')}`;
  const groups = rule.apiGroups.map(g => (g === '' ? 'core' : g)).join(', ');
  const names = rule.resourceNames
    ? ` named ${rule.resourceNames.join(', ')}`
    : '';
  return `${rule.verbs.join(', ')} ${rule.resources.join(
    ', ',
  )}${names} (${groups})`;
}

const GrantRow = ({ grant }: { grant: RbacGrantView }) => {
  const classes = useStyles();
  return (
    <TableRow>
      <TableCell>
        {grant.role.kind} <strong>{grant.role.name}</strong>
        {grant.role.missing && ' (not found)'}
        <Caption>
          {grant.binding.kind} {grant.binding.name}, via {grant.via},{' '}
          {grant.scope}
        </Caption>
      </TableCell>
      <TableCell>
        {grant.rules.length === 0 && (
          <Typography variant="body2">No rules readable</Typography>
        )}
        {grant.rules.map((rule, i) => (
          <Typography
            key={i}
            variant="body2"
            className={rule.risks.length ? classes.risky : undefined}
          >
            {ruleText(rule)}
          </Typography>
        ))}
      </TableCell>
    </TableRow>
  );
};

/** What the service's service accounts may do in the cluster, risky grants first flagged. */
export const ServiceAccountsSection = ({
  accounts,
}: {
  accounts: ServiceAccountRbac[];
}) => {
  if (accounts.length === 0) {
    return (
      <Typography variant="body2">
        No workload here, so no service account.
      </Typography>
    );
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      {accounts.map(account => (
        <div
          key={`${account.namespace}/${account.name}`}
          data-testid="service-account"
        >
          <Box display="flex" alignItems="center" gridGap={8} flexWrap="wrap">
            <Typography variant="subtitle2">
              {account.namespace}/{account.name}
            </Typography>
            <RiskChips risks={account.risks} />
          </Box>
          <Caption>Used by {account.workloads.join(', ')}</Caption>
          {account.grants.length === 0 ? (
            <Typography variant="body2">
              No RoleBinding or ClusterRoleBinding names it: it may do nothing.
            </Typography>
          ) : (
            <Table size="small" aria-label={`Grants of ${account.name}`}>
              <TableBody>
                {account.grants.map(grant => (
                  <GrantRow
                    key={`${grant.binding.kind}/${
                      grant.binding.namespace ?? ''
                    }/${grant.binding.name}`}
                    grant={grant}
                  />
                ))}
              </TableBody>
            </Table>
          )}
        </div>
      ))}
    </Box>
  );
};
