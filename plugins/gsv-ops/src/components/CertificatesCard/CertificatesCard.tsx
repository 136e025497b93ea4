import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { mostUrgentCertificateFirst } from '../../lib/certificates';
import { sectionAnchor } from '../../lib/summary';
import type { ClusterSectionProps } from '../sectionProps';
import { ColumnHeading, TableHeader } from '../TableHeader';
import { CertificateRow } from './CertificateRow';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(1, 1.5), verticalAlign: 'top' },
  },
}));

const COLUMNS: ColumnHeading[] = [
  'Status',
  'Certificate',
  'Ready',
  'Expires',
  'Renewal',
  'Last failure',
  { title: 'Actions', align: 'right' },
];

export type CertificatesCardProps = ClusterSectionProps;

/** cert-manager Certificates: Ready (by condition type), expiry, renewal, issuer and the last failure. */
export const CertificatesCard = ({
  entityRef,
  cluster,
}: CertificatesCardProps) => {
  const classes = useStyles();
  const certificates = [...cluster.certificates].sort(
    mostUrgentCertificateFirst,
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
            <TableHeader columns={COLUMNS} />
            <TableBody>
              {certificates.map(certificate => (
                <CertificateRow
                  key={`${certificate.namespace}/${certificate.name}`}
                  certificate={certificate}
                  entityRef={entityRef}
                  cluster={cluster}
                />
              ))}
            </TableBody>
          </Table>
        )}
      </InfoCard>
    </div>
  );
};
