import {
  healthyView,
  expiringCertificateView,
} from '../__fixtures__/entityViews';
import { expiryLevel, expiryText } from './certificates';

describe('certificate expiry', () => {
  const certificate = healthyView().clusters[0].certificates[0];

  it('puts the expiry in words', () => {
    expect(expiryText(certificate)).toBe('in 62 days');
    expect(expiryText({ ...certificate, daysToExpiry: 1 })).toBe('in 1 day');
    expect(expiryText({ ...certificate, daysToExpiry: 0 })).toBe(
      'expires today',
    );
    expect(expiryText({ ...certificate, daysToExpiry: -3 })).toBe(
      'expired 3 days ago',
    );
    // expired hours ago: the backend's finding says so while the whole days are still 0
    const expiredFinding = {
      level: 'critical' as const,
      code: 'certificate.expired',
      reason: 'Certificate x expired 5 hours ago',
    };
    expect(
      expiryText({
        ...certificate,
        daysToExpiry: 0,
        findings: [expiredFinding],
      }),
    ).toBe('expired today');
    expect(
      expiryText({
        ...certificate,
        daysToExpiry: undefined,
        notAfter: undefined,
      }),
    ).toBe('not issued');
  });

  it('takes the level of the expiry from the backend’s expiry findings, and expired is always critical', () => {
    expect(expiryLevel(certificate)).toBe('ok');
    expect(
      expiryLevel(expiringCertificateView().clusters[0].certificates[1]),
    ).toBe('critical');
    expect(expiryLevel({ ...certificate, daysToExpiry: -1 })).toBe('critical');
    expect(expiryLevel({ ...certificate, daysToExpiry: undefined })).toBe(
      'unknown',
    );
  });
});
