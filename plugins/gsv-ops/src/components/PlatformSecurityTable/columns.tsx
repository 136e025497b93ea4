import { Link, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { PlatformSecurityRow } from '@gsv/plugin-gsv-ops-common';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { Caption } from '../Caption';
import { RiskChips, SeverityCounts } from '../SecurityCard';

export type SecurityTableRow = PlatformSecurityRow & { id: string };

const ServiceCell = ({ row }: { row: SecurityTableRow }) => {
  const opsTabLink = useOpsTabLink();
  return (
    <>
      {row.entityRef ? (
        <Link to={opsTabLink(row.entityRef, row.cluster)}>{row.service}</Link>
      ) : (
        <Typography variant="body2">{row.service}</Typography>
      )}
      <Caption>
        {row.cluster} · {row.namespace}
      </Caption>
    </>
  );
};

function scansText(row: SecurityTableRow): string {
  const parts = [`${row.images} image${row.images === 1 ? '' : 's'}`];
  if (row.unscannedImages) parts.push(`${row.unscannedImages} not scanned`);
  if (row.staleReports) parts.push(`${row.staleReports} stale`);
  return parts.join(', ');
}

export function platformSecurityColumns(): TableColumn<SecurityTableRow>[] {
  return [
    { title: 'Service', render: row => <ServiceCell row={row} /> },
    {
      title: 'Critical · high · medium · low · unknown',
      render: row => <SeverityCounts counts={row.counts} />,
    },
    { title: 'Scans', render: row => scansText(row) },
    {
      title: 'Risky service accounts',
      render: row =>
        row.riskyServiceAccounts.length === 0
          ? '—'
          : row.riskyServiceAccounts.map(account => (
              <div key={account.name}>
                <Typography variant="body2">{account.name}</Typography>
                <RiskChips risks={account.risks} />
              </div>
            )),
    },
    {
      title: 'Failed logins (24 h)',
      render: row =>
        row.failedLogins24h === undefined
          ? '—'
          : row.failedLogins24h.toLocaleString('en'),
    },
  ];
}
