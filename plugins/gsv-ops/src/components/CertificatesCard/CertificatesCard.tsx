import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  CertificateView,
  ClusterOpsView,
  Level,
} from '@gsv/plugin-gsv-ops-common';
import { worstFirst, worstLevel } from '@gsv/plugin-gsv-ops-common';
import { formatDateTime, plural } from '../../lib/format';
import { conditionLevel, readyText } from '../../lib/statusLevels';
import { sectionAnchor } from '../../lib/summary';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(1, 1.5), verticalAlign: 'top' },
  },
  name: { fontWeight: 500 },
  secondary: { color: theme.palette.text.secondary },
  failure: { minWidth: 240, maxWidth: 460 },
  nowrap: { whiteSpace: 'nowrap' },
  clamp: {
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
}));

/** "in 62 days", "today", "expired 3 days ago". */
export function expiryText(certificate: CertificateView): string {
  const days = certificate.daysToExpiry;
  if (days === undefined)
    return certificate.notAfter ? 'unknown' : 'not issued';
  if (days < 0) return `expired ${plural(-days, 'day')} ago`;
  if (days === 0) return 'expires today';
  return `in ${plural(days, 'day')}`;
}

/**
 * The level of the expiry itself, as the backend judged it (its `certificate.expir…` findings): the certificate's
 * own level may come from elsewhere, e.g. a failing renewal of a certificate that is still valid for months.
 */
export function expiryLevel(certificate: CertificateView): Level {
  const days = certificate.daysToExpiry;
  if (days === undefined) return 'unknown';
  if (days < 0) return 'critical';
  return worstLevel(
    certificate.findings
      .filter(f => f.code.startsWith('certificate.expir'))
      .map(f => f.level),
  );
}

/** The in-flight CertificateRequest in a few words: issued, its reason, approved or pending. */
function requestState(certificate: CertificateView): string {
  const request = certificate.request;
  if (!request) return '';
  if (request.ready === 'True') return 'issued';
  if (request.reason) return request.reason;
  return request.approved === 'True' ? 'approved' : 'pending';
}

export interface CertificatesCardProps {
  entityRef: string;
  cluster: ClusterOpsView;
}

/** cert-manager Certificates: Ready (by condition type), expiry, renewal, issuer and the last failure. */
export const CertificatesCard = ({
  entityRef,
  cluster,
}: CertificatesCardProps) => {
  const classes = useStyles();
  const certificates = [...cluster.certificates].sort(
    worstFirst(
      c => c.level,
      (a, b) => (a.daysToExpiry ?? Infinity) - (b.daysToExpiry ?? Infinity),
    ),
  );
  return (
    <div id={sectionAnchor('certificates')}>
      <InfoCard
        title="Certificates"
        subheader={`cert-manager certificates of this service in ${cluster.cluster.name}`}
        noPadding
      >
        {certificates.length === 0 ? (
          <Box p={2}>
            <Typography variant="body2">
              No certificates. List them in the <code>gsv.io/certificates</code>{' '}
              annotation to watch their expiry.
            </Typography>
          </Box>
        ) : (
          <Table className={classes.table} aria-label="Certificates">
            <TableHead>
              <TableRow>
                <TableCell>Status</TableCell>
                <TableCell>Certificate</TableCell>
                <TableCell>Ready</TableCell>
                <TableCell>Expires</TableCell>
                <TableCell>Renewal</TableCell>
                <TableCell>Last failure</TableCell>
                <TableCell align="right">Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {certificates.map(certificate => (
                <TableRow
                  key={`${certificate.namespace}/${certificate.name}`}
                  data-testid="certificate-row"
                >
                  <TableCell>
                    <LevelStatus
                      level={certificate.level}
                      title={certificate.findings.map(f => f.reason).join('; ')}
                    />
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2" className={classes.name}>
                      {certificate.name}
                    </Typography>
                    <Typography
                      variant="caption"
                      component="div"
                      className={classes.secondary}
                    >
                      {certificate.namespace} ·{' '}
                      {certificate.dnsNames.join(', ') ||
                        certificate.secretName}
                    </Typography>
                    <Typography
                      variant="caption"
                      component="div"
                      className={classes.secondary}
                      data-testid="certificate-issuer"
                    >
                      issued by {certificate.issuer.kind}{' '}
                      {certificate.issuer.name}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <LevelStatus
                      level={conditionLevel(certificate.ready)}
                      title={certificate.readyMessage}
                    >
                      {readyText(certificate.ready)}
                    </LevelStatus>
                    {certificate.readyReason &&
                      certificate.readyReason !== 'Ready' && (
                        <Typography
                          variant="caption"
                          component="div"
                          className={classes.secondary}
                        >
                          {certificate.readyReason}
                        </Typography>
                      )}
                    {certificate.issuing && (
                      <Typography
                        variant="caption"
                        component="div"
                        className={classes.secondary}
                      >
                        Issuing a new revision
                        {certificate.request &&
                          `: request ${certificate.request.name} ${requestState(
                            certificate,
                          )}`}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell
                    data-testid="certificate-expiry"
                    className={classes.nowrap}
                  >
                    <LevelStatus level={expiryLevel(certificate)}>
                      {expiryText(certificate)}
                    </LevelStatus>
                    <Typography
                      variant="caption"
                      component="div"
                      className={classes.secondary}
                    >
                      {formatDateTime(certificate.notAfter) ?? ''}
                    </Typography>
                  </TableCell>
                  <TableCell className={classes.nowrap}>
                    <RelativeTime
                      value={certificate.renewalTime}
                      fallback="not scheduled"
                    />
                    {certificate.renewalTime && (
                      <Typography
                        variant="caption"
                        component="div"
                        className={classes.secondary}
                      >
                        {formatDateTime(certificate.renewalTime)}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell className={classes.failure}>
                    {certificate.failure ? (
                      <>
                        <Typography
                          variant="body2"
                          className={classes.clamp}
                          title={certificate.failure.message}
                        >
                          {certificate.failure.reason ?? 'Failed'}:{' '}
                          {certificate.failure.message}
                        </Typography>
                        <Typography
                          variant="caption"
                          component="div"
                          className={classes.secondary}
                        >
                          {plural(
                            certificate.failure.attempts,
                            'failed attempt',
                          )}
                          {certificate.failure.nextRetryTime && (
                            <>
                              , next retry{' '}
                              <RelativeTime
                                value={certificate.failure.nextRetryTime}
                              />
                            </>
                          )}
                        </Typography>
                      </>
                    ) : (
                      <span className={classes.secondary}>none</span>
                    )}
                  </TableCell>
                  <TableCell align="right">
                    <RunbookButton
                      runbook="certificate-renew"
                      entityRef={entityRef}
                      target={{
                        cluster: cluster.cluster.name,
                        environment: cluster.cluster.environment,
                        namespace: certificate.namespace,
                        name: certificate.name,
                      }}
                      emphasis={certificate.level === 'critical'}
                      hideWhenDenied
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </InfoCard>
    </div>
  );
};
