import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { SecurityVulnerabilities } from '@gsv/plugin-gsv-ops-common';
import { Caption } from '../Caption';
import { RelativeTime } from '../RelativeTime';
import { SeverityCounts } from './SeverityCounts';

const ImagesTable = ({
  vulnerabilities,
}: {
  vulnerabilities: SecurityVulnerabilities;
}) => (
  <Table size="small" aria-label="Image scans">
    <TableHead>
      <TableRow>
        <TableCell>Image</TableCell>
        <TableCell>Critical · high · medium · low · unknown</TableCell>
        <TableCell>Scanned</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {vulnerabilities.images.map(scan => (
        <TableRow key={`${scan.namespace}/${scan.image}`}>
          <TableCell>
            <code>{scan.image}</code>
            <Caption>{scan.workloads.join(', ')}</Caption>
          </TableCell>
          <TableCell>
            {scan.report ? (
              <SeverityCounts counts={scan.report.counts} />
            ) : (
              <Typography variant="body2">No scan yet</Typography>
            )}
          </TableCell>
          <TableCell>
            {scan.report?.updatedAt ? (
              <RelativeTime value={scan.report.updatedAt} />
            ) : (
              '—'
            )}
            {scan.report?.stale && (
              <Typography variant="caption" color="error" component="div">
                Stale: older than {vulnerabilities.staleAfterDays} days
              </Typography>
            )}
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

const CveTable = ({
  vulnerabilities,
}: {
  vulnerabilities: SecurityVulnerabilities;
}) => (
  <Table size="small" aria-label="Top CVEs">
    <TableHead>
      <TableRow>
        <TableCell>CVE</TableCell>
        <TableCell>Severity</TableCell>
        <TableCell>Package</TableCell>
        <TableCell>Installed → fixed</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {vulnerabilities.topCves.map(cve => (
        <TableRow key={`${cve.id}/${cve.package}/${cve.installedVersion}`}>
          <TableCell>
            {cve.link ? <Link to={cve.link}>{cve.id}</Link> : cve.id}
            {cve.title && <Caption>{cve.title}</Caption>}
          </TableCell>
          <TableCell>
            {cve.severity}
            {cve.score !== undefined ? ` (${cve.score})` : ''}
          </TableCell>
          <TableCell>{cve.package}</TableCell>
          <TableCell>
            {cve.installedVersion} → {cve.fixedVersion ?? 'no fix yet'}
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

/** The images the service runs with their trivy-operator scans, and the most severe CVEs over them. */
export const VulnerabilitiesSection = ({
  vulnerabilities,
}: {
  vulnerabilities: SecurityVulnerabilities;
}) => {
  if (vulnerabilities.images.length === 0) {
    return (
      <Typography variant="body2">
        Nothing to scan: the service runs no container here.
      </Typography>
    );
  }
  const scanned = vulnerabilities.images.some(scan => scan.report);
  return (
    <>
      <ImagesTable vulnerabilities={vulnerabilities} />
      {!scanned && (
        <Typography variant="body2" style={{ marginTop: 8 }}>
          Nothing scanned yet: trivy-operator has written no VulnerabilityReport
          for these images.
        </Typography>
      )}
      {vulnerabilities.topCves.length > 0 && (
        <CveTable vulnerabilities={vulnerabilities} />
      )}
    </>
  );
};
