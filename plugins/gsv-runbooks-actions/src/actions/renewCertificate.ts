import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './renewCertificate.examples';

/**
 * Creates the `gsv:certificate:renew` action: triggers re-issuance of a cert-manager Certificate the way `cmctl renew` does (the Issuing condition) and waits for the new revision to be Ready (ops guide 10.3, 8.2).
 *
 * @public
 */
export function createRenewCertificateAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'certificate-renew',
      examples,
      describe: p => `renewal of certificate ${p.namespace}/${p.certificate}`,
    },
    options,
  );
}
