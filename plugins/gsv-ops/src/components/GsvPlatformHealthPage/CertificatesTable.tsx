import type { CertificateView } from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';
import { expiryLevel, expiryText } from '../../lib/certificates';
import { conditionLevel, readyText } from '../../lib/statusLevels';
import { levelColumn, objectColumn, serviceColumn } from './columns';
import { PlatformTable, platformRows } from './PlatformTable';
import type { PlatformCheckProps, PlatformTableRow } from './PlatformTable';

type CertificateRow = PlatformTableRow<CertificateView>;

const readyWords = (certificate: CertificateView) =>
  certificate.ready === 'True'
    ? 'Ready'
    : certificate.readyReason ?? readyText(certificate.ready);

/** Every certificate by expiry, soonest first (the backend's order). */
export const CertificatesTable = ({ view }: PlatformCheckProps) => (
  <PlatformTable<CertificateRow>
    testId="certificates"
    title="Certificates by expiry"
    subtitle="Soonest first"
    truncatedTotal={view.truncated?.certificates}
    data={platformRows(view.certificates, namespacedName)}
    empty="No certificates"
    columns={[
      levelColumn(
        'Expires',
        row => expiryLevel(row.item),
        row => expiryText(row.item),
      ),
      objectColumn('Certificate'),
      levelColumn(
        'Ready',
        row => conditionLevel(row.item.ready),
        row => readyWords(row.item),
      ),
      serviceColumn(),
    ]}
  />
);
