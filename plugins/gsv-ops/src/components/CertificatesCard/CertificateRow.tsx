import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { CertificateView } from '@gsv/plugin-gsv-ops-common';
import { expiryLevel, expiryText, requestState } from '../../lib/certificates';
import { formatDateTime, plural } from '../../lib/format';
import { runbookTarget } from '../../lib/runbookLinks';
import { conditionLevel, readyText } from '../../lib/statusLevels';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { RunbookButton } from '../RunbookButton';
import type { ClusterSectionProps } from '../sectionProps';

const useStyles = makeStyles(theme => ({
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

const NameCell = ({ certificate }: { certificate: CertificateView }) => {
  const classes = useStyles();
  return (
    <TableCell>
      <Typography variant="body2" className={classes.name}>
        {certificate.name}
      </Typography>
      <Caption>
        {certificate.namespace} ·{' '}
        {certificate.dnsNames.join(', ') || certificate.secretName}
      </Caption>
      <Caption data-testid="certificate-issuer">
        issued by {certificate.issuer.kind} {certificate.issuer.name}
      </Caption>
    </TableCell>
  );
};

const ReadyCell = ({ certificate }: { certificate: CertificateView }) => (
  <TableCell>
    <LevelStatus
      level={conditionLevel(certificate.ready)}
      title={certificate.readyMessage}
    >
      {readyText(certificate.ready)}
    </LevelStatus>
    {certificate.readyReason && certificate.readyReason !== 'Ready' && (
      <Caption>{certificate.readyReason}</Caption>
    )}
    {certificate.issuing && (
      <Caption>
        Issuing a new revision
        {certificate.request &&
          `: request ${certificate.request.name} ${requestState(certificate)}`}
      </Caption>
    )}
  </TableCell>
);

const ExpiryAndRenewalCells = ({
  certificate,
}: {
  certificate: CertificateView;
}) => {
  const classes = useStyles();
  return (
    <>
      <TableCell data-testid="certificate-expiry" className={classes.nowrap}>
        <LevelStatus level={expiryLevel(certificate)}>
          {expiryText(certificate)}
        </LevelStatus>
        <Caption>{formatDateTime(certificate.notAfter) ?? ''}</Caption>
      </TableCell>
      <TableCell className={classes.nowrap}>
        <RelativeTime
          value={certificate.renewalTime}
          fallback="not scheduled"
        />
        {certificate.renewalTime && (
          <Caption>{formatDateTime(certificate.renewalTime)}</Caption>
        )}
      </TableCell>
    </>
  );
};

const FailureCell = ({ certificate }: { certificate: CertificateView }) => {
  const classes = useStyles();
  const failure = certificate.failure;
  return (
    <TableCell className={classes.failure}>
      {failure ? (
        <>
          <Typography
            variant="body2"
            className={classes.clamp}
            title={failure.message}
          >
            {failure.reason ?? 'Failed'}: {failure.message}
          </Typography>
          <Caption>
            {plural(failure.attempts, 'failed attempt')}
            {failure.nextRetryTime && (
              <>
                , next retry <RelativeTime value={failure.nextRetryTime} />
              </>
            )}
          </Caption>
        </>
      ) : (
        <span className={classes.secondary}>none</span>
      )}
    </TableCell>
  );
};

/** One cert-manager Certificate: level, names and issuer, Ready, expiry, renewal, last failure and Renew. */
export const CertificateRow = ({
  certificate,
  entityRef,
  cluster,
}: ClusterSectionProps & { certificate: CertificateView }) => (
  <TableRow data-testid="certificate-row">
    <TableCell>
      <LevelStatus
        level={certificate.level}
        title={certificate.findings.map(f => f.reason).join('; ')}
      />
    </TableCell>
    <NameCell certificate={certificate} />
    <ReadyCell certificate={certificate} />
    <ExpiryAndRenewalCells certificate={certificate} />
    <FailureCell certificate={certificate} />
    <TableCell align="right">
      <RunbookButton
        runbook="certificate-renew"
        entityRef={entityRef}
        target={runbookTarget(cluster, certificate)}
        emphasis={certificate.level === 'critical'}
        hideWhenDenied
      />
    </TableCell>
  </TableRow>
);
