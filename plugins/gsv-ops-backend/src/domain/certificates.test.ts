import { DateTime } from 'luxon';
import {
  expiringCertificate,
  failingCertificate,
  healthyCertificate,
  NOW_ISO,
  pendingCertificateRequest,
} from '../__fixtures__/objects';
import { certificateView, nextIssuanceRetry } from './certificates';
import { DEFAULT_THRESHOLDS } from './thresholds';

const now = DateTime.fromISO(NOW_ISO, { zone: 'utc' });
const ctx = { now, thresholds: DEFAULT_THRESHOLDS };

describe('certificateView', () => {
  it('is ok for a ready certificate far from expiry', () => {
    const view = certificateView(healthyCertificate(), ctx);
    expect(view).toMatchObject({
      name: 'agent-registry-tls',
      secretName: 'agent-registry-tls',
      ready: 'True',
      readyReason: 'Ready',
      daysToExpiry: 59,
      issuing: false,
      revision: 3,
      level: 'ok',
      issuer: { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
    expect(view.failure).toBeUndefined();
    expect(view.findings).toEqual([]);
  });

  it('reads readiness by condition type, not position, and flags an expiry within 7 days as critical', () => {
    const view = certificateView(expiringCertificate(), ctx);
    expect(view.ready).toBe('True');
    expect(view.daysToExpiry).toBe(4);
    expect(view.level).toBe('critical');
    const codes = view.findings.map(f => f.code);
    expect(codes).toEqual(
      expect.arrayContaining(['certificate.expiring', 'certificate.renewal-failing', 'certificate.renewal-overdue']),
    );
    expect(view.findings.find(f => f.code === 'certificate.expiring')!.reason).toBe(
      'Certificate sso/keycloak-tls expires in 4 days (2024-12-09T08:00:00Z)',
    );
    // 3 failures: backoff 1h * 2^2 = 4h after the last failure (07:00) → 11:00
    expect(view.failure).toMatchObject({ attempts: 3, nextRetryTime: '2024-12-04T11:00:00Z', reason: 'Failed' });
    expect(view.findings.find(f => f.code === 'certificate.renewal-failing')!.reason).toContain(
      'cert-manager retries at 2024-12-04T11:00:00Z (attempt 4)',
    );
  });

  it('warns between 7 and 30 days', () => {
    const view = certificateView(
      healthyCertificate({ status: { notAfter: '2024-12-24T10:00:00Z', renewalTime: '2024-12-14T10:00:00Z' } }),
      ctx,
    );
    expect(view.level).toBe('warning');
    expect(view.findings.map(f => f.code)).toEqual(['certificate.expiring']);
  });

  it('flags an overdue renewal on its own as a warning', () => {
    const view = certificateView(
      healthyCertificate({ status: { notAfter: '2025-01-20T00:00:00Z', renewalTime: '2024-12-03T00:00:00Z' } }),
      ctx,
    );
    expect(view.findings.map(f => [f.level, f.code])).toEqual([['warning', 'certificate.renewal-overdue']]);
    expect(view.findings[0].reason).toContain('should have been renewed 1 day ago');
  });

  it('is critical for an expired certificate in backoff, with attempts and the next retry', () => {
    const view = certificateView(failingCertificate(), { ...ctx, requests: [pendingCertificateRequest()] });
    expect(view.ready).toBe('False');
    expect(view.readyReason).toBe('Expired');
    expect(view.daysToExpiry).toBe(-3); // the same whole days as the finding's "expired 3 days ago"
    expect(view.failure).toEqual({
      reason: 'Failed',
      message: expect.stringContaining('order is in "invalid" state'),
      lastFailureTime: '2024-12-04T09:00:00Z',
      attempts: 2,
      nextRetryTime: '2024-12-04T11:00:00Z',
    });
    expect(view.level).toBe('critical');
    expect(view.findings[0].code).toBe('certificate.expired');
    expect(view.findings[0].reason).toMatch(
      /^Certificate cert-manager\/wildcard-dev-tls expired 3 days ago; issuance failed 2 times: .*; cert-manager retries at 2024-12-04T11:00:00Z \(attempt 3\)$/,
    );
    expect(view.findings.some(f => f.code === 'certificate.expiring')).toBe(false);
    expect(view.request).toEqual({
      name: 'wildcard-dev-tls-5',
      approved: 'True',
      ready: 'False',
      reason: 'Failed',
      message: expect.stringContaining('invalid'),
    });
  });

  it('is critical when not ready for another reason, and a warning while a first issuance is in progress', () => {
    const notReady = healthyCertificate({
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist' }], notAfter: undefined, renewalTime: undefined },
    });
    expect(certificateView(notReady, ctx).findings.map(f => [f.level, f.code])).toEqual([['critical', 'certificate.not-ready']]);
    const issuing = healthyCertificate({
      status: {
        conditions: [
          { type: 'Ready', status: 'False', reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist' },
          { type: 'Issuing', status: 'True', reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist' },
        ],
        notAfter: undefined,
        renewalTime: undefined,
      },
    });
    const view = certificateView(issuing, ctx);
    expect(view.issuing).toBe(true);
    expect(view.findings.map(f => [f.level, f.code])).toEqual([['warning', 'certificate.issuing']]);
  });

  it('says unknown without a Ready condition', () => {
    const view = certificateView(healthyCertificate({ status: { conditions: [] } }), ctx);
    expect(view.ready).toBe('Unknown');
    expect(view.level).toBe('unknown');
  });

  it('honours configured thresholds', () => {
    const view = certificateView(healthyCertificate(), {
      now,
      thresholds: { ...DEFAULT_THRESHOLDS, certificates: { warningDays: 90, criticalDays: 60, renewalGraceMinutes: 60 } },
    });
    expect(view.findings.map(f => f.level)).toEqual(['critical']);
  });
});

describe('nextIssuanceRetry', () => {
  it('doubles from 1 h and caps at 32 h', () => {
    const t = DateTime.fromISO('2024-12-04T00:00:00Z', { zone: 'utc' });
    expect(nextIssuanceRetry(t, 1).diff(t).as('hours')).toBe(1);
    expect(nextIssuanceRetry(t, 2).diff(t).as('hours')).toBe(2);
    expect(nextIssuanceRetry(t, 6).diff(t).as('hours')).toBe(32);
    expect(nextIssuanceRetry(t, 9).diff(t).as('hours')).toBe(32);
  });
});
