import type { CertificateView, Level } from '@gsv/plugin-gsv-ops-common';
import { worstFirst, worstLevel } from '@gsv/plugin-gsv-ops-common';
import { plural } from './format';

/** Whether the backend found the certificate expired (also in its first day, when `daysToExpiry` is still 0). */
const hasExpired = (certificate: CertificateView) =>
  (certificate.daysToExpiry ?? 0) < 0 ||
  certificate.findings.some(f => f.code === 'certificate.expired');

/** "in 62 days", "expires today", "expired today", "expired 3 days ago" (whole days, as the findings say it). */
export function expiryText(certificate: CertificateView): string {
  const days = certificate.daysToExpiry;
  if (days === undefined)
    return certificate.notAfter ? 'unknown' : 'not issued';
  if (hasExpired(certificate))
    return days < 0 ? `expired ${plural(-days, 'day')} ago` : 'expired today';
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
  if (hasExpired(certificate)) return 'critical';
  return worstLevel(
    certificate.findings
      .filter(f => f.code.startsWith('certificate.expir'))
      .map(f => f.level),
  );
}

/** The in-flight CertificateRequest in a few words: issued, its reason, approved or pending. */
export function requestState(certificate: CertificateView): string {
  const request = certificate.request;
  if (!request) return '';
  if (request.ready === 'True') return 'issued';
  if (request.reason) return request.reason;
  return request.approved === 'True' ? 'approved' : 'pending';
}

/** The most urgent first: the worst level, then the soonest expiry; certificates without an expiry last. */
export const mostUrgentCertificateFirst = worstFirst<CertificateView>(
  c => c.level,
  (a, b) => (a.daysToExpiry ?? Infinity) - (b.daysToExpiry ?? Infinity),
);
