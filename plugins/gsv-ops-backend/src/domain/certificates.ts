import type { CertificateView, Finding } from '@gsv/plugin-gsv-ops-common';
import { DateTime, Duration } from 'luxon';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { finding, levelOf, notableFindings, sortFindings } from './levels';
import type { OpsThresholds } from './thresholds';
import { humanDuration, isoString, parseTime } from './time';

type Condition = { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastTransitionTime?: string };

/** cert-manager backs off 1h, 2h, 4h, … 32h after failed issuances (trigger controller). */
const MAX_BACKOFF = Duration.fromObject({ hours: 32 });

/** A condition by its type: conditions are a map-list keyed by type, never read by position. */
export function conditionOfType(object: KubeObject, type: string): Condition | undefined {
  return ((object.status?.conditions ?? []) as Condition[]).find(c => c.type === type);
}

/** cert-manager's retry time after `attempts` failed issuances, counted from the last failure. */
export function nextIssuanceRetry(lastFailureTime: DateTime, attempts: number): DateTime {
  const exponent = Math.max(0, (attempts || 1) - 1);
  const delay = Duration.fromObject({ hours: 2 ** exponent });
  return lastFailureTime.plus(delay.toMillis() > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : delay);
}

/**
 * The CertificateRequest of the issuance in flight: owned by the certificate, annotated with revision + 1
 * (what `cmctl status certificate` shows).
 */
export function inFlightRequest(certificate: KubeObject, requests: KubeObject[]): KubeObject | undefined {
  const nextRevision = String((certificate.status?.revision ?? 0) + 1);
  return requests.find(
    r =>
      r.metadata.namespace === certificate.metadata.namespace &&
      r.metadata.annotations?.['cert-manager.io/certificate-revision'] === nextRevision &&
      ((r.metadata.ownerReferences ?? []).some(o => o.kind === 'Certificate' && o.name === certificate.metadata.name) ||
        r.metadata.annotations?.['cert-manager.io/certificate-name'] === certificate.metadata.name),
  );
}

export function certificateView(
  certificate: KubeObject,
  context: { now: DateTime; thresholds: OpsThresholds; requests?: KubeObject[] },
): CertificateView {
  const { now, thresholds } = context;
  const spec = certificate.spec ?? {};
  const status = certificate.status ?? {};
  const name = `${certificate.metadata.namespace}/${certificate.metadata.name}`;
  const ref = { kind: 'Certificate', namespace: certificate.metadata.namespace, name: certificate.metadata.name };
  const ready = conditionOfType(certificate, 'Ready');
  const issuing = conditionOfType(certificate, 'Issuing');
  const notAfter = parseTime(status.notAfter);
  const renewalTime = parseTime(status.renewalTime);
  const lastFailureTime = parseTime(status.lastFailureTime);
  const attempts: number = status.failedIssuanceAttempts ?? (lastFailureTime ? 1 : 0);
  // Whole days, rounded toward zero both ways, as the findings' texts say it: 2.7 days ago is "expired 2 days ago".
  const daysToExpiry = notAfter ? Math.trunc(notAfter.diff(now).as('days')) || 0 : undefined;
  const request = context.requests ? inFlightRequest(certificate, context.requests) : undefined;

  const failure = lastFailureTime
    ? {
        reason: issuing?.status === 'False' ? issuing.reason : undefined,
        message: issuing?.status === 'False' ? issuing.message : undefined,
        lastFailureTime: status.lastFailureTime as string,
        attempts,
        nextRetryTime: isoString(nextIssuanceRetry(lastFailureTime, attempts)),
      }
    : undefined;

  const findings: Finding[] = [];
  const expiresIn = notAfter ? humanDuration(notAfter.diff(now)) : undefined;
  const retry = failure?.nextRetryTime ? DateTime.fromISO(failure.nextRetryTime, { zone: 'utc' }) : undefined;
  let retryText = '';
  if (retry) {
    // An absolute time, so the text (and the view's etag) does not change every minute.
    retryText = retry > now ? `; cert-manager retries at ${isoString(retry)} (attempt ${attempts + 1})` : '; a retry is due now';
  }
  const failureText = failure
    ? `issuance failed ${attempts} time${attempts === 1 ? '' : 's'}${failure.message ? `: ${failure.message}` : ''}${retryText}`
    : undefined;

  if (notAfter && notAfter <= now) {
    findings.push(finding('critical', 'certificate.expired', `Certificate ${name} expired ${expiresIn} ago${failureText ? `; ${failureText}` : ''}`, ref));
  } else if (!ready || ready.status === 'Unknown') {
    findings.push(finding('unknown', 'certificate.unknown', `Certificate ${name} reports no readiness yet`, ref));
  } else if (ready.status === 'False') {
    const inProgress = issuing?.status === 'True' && !failure;
    findings.push(
      finding(
        inProgress ? 'warning' : 'critical',
        inProgress ? 'certificate.issuing' : 'certificate.not-ready',
        inProgress
          ? `Certificate ${name} is being issued (${ready.reason ?? 'not ready'}${ready.message ? `: ${ready.message}` : ''})`
          : `Certificate ${name} is not ready (${ready.reason ?? 'unknown reason'}${ready.message ? `: ${ready.message}` : ''})${failureText ? `; ${failureText}` : ''}`,
        ref,
      ),
    );
  } else if (failureText) {
    // Ready, but the latest issuance (a renewal) failed.
    const critical = daysToExpiry !== undefined && daysToExpiry < thresholds.certificates.criticalDays;
    findings.push(finding(critical ? 'critical' : 'warning', 'certificate.renewal-failing', `Certificate ${name} is valid${expiresIn ? ` for ${expiresIn}` : ''} but its renewal is failing: ${failureText}`, ref));
  }

  if (notAfter && notAfter > now && daysToExpiry !== undefined) {
    if (daysToExpiry < thresholds.certificates.criticalDays) {
      findings.push(finding('critical', 'certificate.expiring', `Certificate ${name} expires in ${expiresIn} (${isoString(notAfter)})`, ref));
    } else if (daysToExpiry < thresholds.certificates.warningDays) {
      findings.push(finding('warning', 'certificate.expiring', `Certificate ${name} expires in ${expiresIn} (${isoString(notAfter)})`, ref));
    }
  }
  if (renewalTime && notAfter && notAfter > now) {
    const overdueBy = now.diff(renewalTime);
    if (overdueBy.as('minutes') > thresholds.certificates.renewalGraceMinutes && !(issuing?.status === 'True')) {
      findings.push(finding('warning', 'certificate.renewal-overdue', `Certificate ${name} should have been renewed ${humanDuration(overdueBy)} ago (renewal time ${isoString(renewalTime)})`, ref));
    }
  }

  const requestReady = request ? conditionOfType(request, 'Ready') : undefined;
  const denied = request ? conditionOfType(request, 'Denied')?.status === 'True' : false;
  const requestApproved = denied ? 'False' : request && conditionOfType(request, 'Approved')?.status;
  if (request && conditionOfType(request, 'Denied')?.status === 'True') {
    findings.push(finding('critical', 'certificate.request-denied', `CertificateRequest ${request.metadata.name} of ${name} was denied: ${conditionOfType(request, 'Denied')?.message ?? ''}`.trim(), ref));
  }

  const sorted = sortFindings(dedupe(findings));
  return {
    namespace: certificate.metadata.namespace ?? '',
    name: certificate.metadata.name,
    secretName: spec.secretName ?? '',
    dnsNames: spec.dnsNames ?? (spec.commonName ? [spec.commonName] : []),
    issuer: { name: spec.issuerRef?.name ?? '', kind: spec.issuerRef?.kind ?? 'Issuer', group: spec.issuerRef?.group },
    ready: ready?.status ?? 'Unknown',
    readyReason: ready?.reason,
    readyMessage: ready?.message,
    notBefore: status.notBefore,
    notAfter: status.notAfter,
    renewalTime: status.renewalTime,
    daysToExpiry,
    revision: status.revision,
    issuing: issuing?.status === 'True',
    failure,
    request: request
      ? {
          name: request.metadata.name,
          approved: requestApproved,
          ready: requestReady?.status ?? 'Unknown',
          reason: requestReady?.reason,
          message: requestReady?.message,
        }
      : undefined,
    level: levelOf(notableFindings(sorted)),
    findings: sorted,
  };
}

/** An expired certificate is also "expiring"; keep the stronger statement only. */
function dedupe(findings: Finding[]): Finding[] {
  const expired = findings.some(f => f.code === 'certificate.expired');
  return expired ? findings.filter(f => f.code !== 'certificate.expiring' && f.code !== 'certificate.not-ready') : findings;
}
