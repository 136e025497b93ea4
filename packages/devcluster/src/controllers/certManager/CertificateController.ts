import { formatGoDuration, parseGoDuration, rfc3339 } from '../../api/format';
import { randomSuffix } from '../../api/names';
import type { KubeObject, StoredObject } from '../../api/types';
import type { Condition } from '../../resources/common';
import type { ResourceDefinition } from '../../resources/types';
import type { SimulationChange } from '../../simulation/SimulationState';
import type { StoreEvent } from '../../store/ObjectStore';
import { objectKey, splitKey, type Controller, type ControllerContext } from '../ControllerManager';
import { ownedObjects, ownerReference, removeCondition, setCondition, writeStatus } from '../helpers';
import { base64, fakePem } from './fakePem';

/**
 * cert-manager's certificate controllers (trigger, issuing, readiness) in one: decides when a Certificate needs
 * issuance (no secret, expired, renewal due, DNS names changed) and sets `Issuing=True`, honouring the failure
 * back-off (`1h × 2^(failedIssuanceAttempts-1)`); while Issuing, creates the CertificateRequest for revision+1;
 * on success bumps `revision`, sets notBefore/notAfter/renewalTime, writes the TLS Secret and removes Issuing; on
 * failure sets Issuing=False/Failed, lastFailureTime, failedIssuanceAttempts and a warning event. `cmctl renew`
 * (Issuing=True, ManuallyTriggered, via UpdateStatus) goes through the same path. Nothing recreates a deleted
 * Certificate.
 */

const DEFAULT_DURATION_MS = 90 * 24 * 3_600_000;
const HOUR = 3_600_000;
const MAX_BACKOFF_MS = 32 * HOUR;
const COMPONENT = { component: 'cert-manager-certificates-issuing' };

export class CertificateController implements Controller {
  readonly name = 'certificate';
  private readonly certificates: ResourceDefinition;
  private readonly requests: ResourceDefinition;
  private readonly secrets: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.certificates = context.registry.get('cert-manager.io/certificates');
    this.requests = context.registry.get('cert-manager.io/certificaterequests');
    this.secrets = context.registry.get('/secrets');
  }

  watches() {
    return [
      { collection: 'cert-manager.io/certificates' },
      {
        collection: 'cert-manager.io/certificaterequests',
        keys: (event: StoreEvent) => {
          const name = event.object.metadata.annotations?.['cert-manager.io/certificate-name'];
          return name ? [objectKey(event.object.metadata.namespace, name)] : [];
        },
      },
      {
        collection: '/secrets',
        keys: (event: StoreEvent) => {
          const name = (event.previous ?? event.object).metadata.annotations?.['cert-manager.io/certificate-name'];
          return name ? [objectKey(event.object.metadata.namespace, name)] : [];
        },
      },
    ];
  }

  onSimulationChange(change: SimulationChange): string[] {
    if (change.kind !== 'issuer') return [];
    return this.context.store
      .list('cert-manager.io/certificates')
      .filter(cert => issuerKeyOf(cert) === change.key)
      .map(cert => objectKey(cert.metadata.namespace, cert.metadata.name));
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const cert = this.context.store.get('cert-manager.io/certificates', namespace, name);
    if (!cert || cert.metadata.deletionTimestamp) return;
    const now = this.context.clock.now();
    const issuing = findCondition(cert, 'Issuing');
    if (issuing?.status === 'True') {
      this.issue(cert, now);
    } else {
      this.trigger(key, cert, now);
    }
    const fresh = this.context.store.get('cert-manager.io/certificates', namespace, name);
    if (fresh) this.syncReadiness(key, fresh, now);
  }

  /** The trigger controller: should a new certificate be issued? */
  private trigger(key: string, cert: StoredObject, now: number): void {
    const attempts: number = cert.status?.failedIssuanceAttempts ?? 0;
    const lastFailure = Date.parse(cert.status?.lastFailureTime ?? '');
    if (attempts > 0 && !Number.isNaN(lastFailure)) {
      const retryAt = lastFailure + Math.min(MAX_BACKOFF_MS, HOUR * 2 ** (attempts - 1));
      if (now < retryAt) {
        this.context.requeueAfter(this, key, retryAt - now);
        return;
      }
    }
    const reason = this.issuanceReason(cert, now);
    if (!reason) return;
    writeStatus(this.context, this.certificates, cert, status => {
      status.conditions = setCondition(status.conditions, {
        type: 'Issuing',
        status: 'True',
        reason: reason.reason,
        message: reason.message,
        observedGeneration: cert.metadata.generation,
      }, now);
    });
    this.context.events.record(cert, 'Normal', 'Issuing', reason.message, { component: 'cert-manager-certificates-trigger' });
  }

  private issuanceReason(cert: StoredObject, now: number): { reason: string; message: string } | undefined {
    const secret = this.context.store.get('/secrets', cert.metadata.namespace ?? '', cert.spec?.secretName ?? '');
    if (!secret) return { reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist' };
    const notAfter = Date.parse(cert.status?.notAfter ?? '');
    if (Number.isNaN(notAfter)) return { reason: 'MissingData', message: 'Issuing certificate as Secret does not contain a certificate' };
    if (now >= notAfter) return { reason: 'Expired', message: `Certificate expired on ${new Date(notAfter).toUTCString()}` };
    const issuedNames = secret.metadata.annotations?.['cert-manager.io/alt-names'];
    const wantedNames = ((cert.spec?.dnsNames ?? []) as string[]).join(',');
    if (issuedNames !== undefined && issuedNames !== wantedNames) {
      return { reason: 'IncorrectCertificate', message: 'Issuing certificate as Secret was previously issued for different DNS names' };
    }
    const renewal = Date.parse(cert.status?.renewalTime ?? '');
    if (!Number.isNaN(renewal) && now >= renewal) {
      return { reason: 'Renewing', message: `Renewing certificate as renewal was scheduled at ${cert.status.renewalTime}` };
    }
    return undefined;
  }

  /** The issuing controller: drive the CertificateRequest of revision+1 to an outcome. */
  private issue(cert: StoredObject, now: number): void {
    const namespace = cert.metadata.namespace ?? '';
    const nextRevision = (cert.status?.revision ?? 0) + 1;
    const requests = ownedObjects(this.context, cert, 'cert-manager.io/certificaterequests').filter(
      request => request.metadata.annotations?.['cert-manager.io/certificate-revision'] === String(nextRevision),
    );
    const issuingSince = Date.parse(findCondition(cert, 'Issuing')?.lastTransitionTime ?? '') || 0;
    const current = requests.find(request => Date.parse(request.metadata.creationTimestamp) >= issuingSince - 1000 && !isFailed(request));
    const failedNow = requests.find(request => isFailed(request) && Date.parse(request.status?.failureTime ?? '') >= issuingSince);
    if (failedNow && !current) {
      this.fail(cert, failedNow, now);
      return;
    }
    if (!current) {
      for (const stale of requests) this.context.api.delete(this.requests, namespace, stale.metadata.name);
      let nextKey: string = cert.status?.nextPrivateKeySecretName;
      if (!nextKey) {
        nextKey = `${cert.metadata.name}-${randomSuffix()}`;
        writeStatus(this.context, this.certificates, cert, status => {
          status.nextPrivateKeySecretName = nextKey;
        });
        this.context.events.record(cert, 'Normal', 'Generated', `Stored new private key in temporary Secret resource "${nextKey}"`, { component: 'cert-manager-certificates-key-manager' });
      }
      const request = this.context.api.create(this.requests, namespace, {
        apiVersion: 'cert-manager.io/v1',
        kind: 'CertificateRequest',
        metadata: {
          generateName: `${cert.metadata.name}-`,
          namespace,
          labels: { ...(cert.metadata.labels ?? {}) },
          annotations: {
            'cert-manager.io/certificate-name': cert.metadata.name,
            'cert-manager.io/certificate-revision': String(nextRevision),
            'cert-manager.io/private-key-secret-name': nextKey,
          },
          ownerReferences: [ownerReference(cert)],
        },
        spec: {
          issuerRef: { group: 'cert-manager.io', ...cert.spec?.issuerRef },
          request: base64(fakePem('CERTIFICATE REQUEST', `${cert.metadata.uid}/${nextRevision}/${now}`)),
          duration: cert.spec?.duration ?? formatGoDuration(DEFAULT_DURATION_MS),
          usages: cert.spec?.usages ?? ['digital signature', 'key encipherment'],
          username: 'system:serviceaccount:cert-manager:cert-manager',
          groups: ['system:serviceaccounts', 'system:serviceaccounts:cert-manager', 'system:authenticated'],
        },
      });
      this.context.events.record(cert, 'Normal', 'Requested', `Created new CertificateRequest resource "${request.metadata.name}"`, { component: 'cert-manager-certificates-request-manager' });
      return;
    }
    // While the request is pending, its next status change brings us back here.
    if (findCondition(current, 'Ready')?.status === 'True') this.succeed(cert, current, now);
  }

  private succeed(cert: StoredObject, request: StoredObject, now: number): void {
    const duration = parseGoDuration(cert.spec?.duration) ?? DEFAULT_DURATION_MS;
    const renewBefore = parseGoDuration(cert.spec?.renewBefore);
    const percentage: number | undefined = cert.spec?.renewBeforePercentage;
    const notBefore = Math.floor(now / 1000) * 1000;
    const notAfter = notBefore + duration;
    const renewalTime = notAfter - (renewBefore ?? (percentage !== undefined ? (duration * percentage) / 100 : duration / 3));
    this.writeSecret(cert, request, notBefore, notAfter);
    writeStatus(this.context, this.certificates, cert, status => {
      status.revision = (status.revision ?? 0) + 1;
      status.notBefore = rfc3339(notBefore);
      status.notAfter = rfc3339(notAfter);
      status.renewalTime = rfc3339(renewalTime);
      delete status.lastFailureTime;
      delete status.failedIssuanceAttempts;
      delete status.nextPrivateKeySecretName;
      status.conditions = removeCondition(status.conditions, 'Issuing');
      status.conditions = setCondition(status.conditions, {
        type: 'Ready',
        status: 'True',
        reason: 'Ready',
        message: 'Certificate is up to date and has not expired',
        observedGeneration: cert.metadata.generation,
      }, now);
    });
    this.context.events.record(cert, 'Normal', 'Issuing', 'The certificate has been successfully issued', COMPONENT);
  }

  private fail(cert: StoredObject, request: StoredObject, now: number): void {
    const ready = findCondition(request, 'Ready');
    const message = `The certificate request has failed to complete and will be retried: ${ready?.message ?? 'unknown error'}`;
    writeStatus(this.context, this.certificates, cert, status => {
      status.lastFailureTime = rfc3339(now);
      status.failedIssuanceAttempts = (status.failedIssuanceAttempts ?? 0) + 1;
      status.conditions = setCondition(status.conditions, {
        type: 'Issuing',
        status: 'False',
        reason: ready?.reason ?? 'Failed',
        message,
        observedGeneration: cert.metadata.generation,
      }, now);
    });
    this.context.events.record(cert, 'Warning', 'Failed', message, COMPONENT);
  }

  /** The readiness controller: Ready reflects whether the Secret holds a valid, current certificate. */
  private syncReadiness(key: string, cert: StoredObject, now: number): void {
    const secret = this.context.store.get('/secrets', cert.metadata.namespace ?? '', cert.spec?.secretName ?? '');
    const notAfter = Date.parse(cert.status?.notAfter ?? '');
    let ready: Omit<Condition, 'lastTransitionTime'>;
    if (!secret) {
      ready = { type: 'Ready', status: 'False', reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist' };
    } else if (Number.isNaN(notAfter)) {
      ready = { type: 'Ready', status: 'False', reason: 'MissingData', message: 'Issuing certificate as Secret does not contain a certificate' };
    } else if (now >= notAfter) {
      ready = { type: 'Ready', status: 'False', reason: 'Expired', message: `Certificate expired on ${new Date(notAfter).toUTCString()}` };
    } else {
      ready = { type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' };
    }
    writeStatus(this.context, this.certificates, cert, status => {
      status.conditions = setCondition(status.conditions, { ...ready, observedGeneration: cert.metadata.generation }, now);
    });
    const wakeUps = [cert.status?.renewalTime, cert.status?.notAfter].map(time => Date.parse(time ?? '')).filter(time => time > now);
    if (wakeUps.length) this.context.requeueAfter(this, key, Math.min(...wakeUps) - now + 1);
  }

  private writeSecret(cert: StoredObject, request: StoredObject, notBefore: number, notAfter: number): void {
    const namespace = cert.metadata.namespace ?? '';
    const name: string = cert.spec.secretName;
    const existing = this.context.store.get('/secrets', namespace, name);
    const issuerRef = cert.spec?.issuerRef ?? {};
    const annotations = {
      'cert-manager.io/alt-names': ((cert.spec?.dnsNames ?? []) as string[]).join(','),
      'cert-manager.io/certificate-name': cert.metadata.name,
      'cert-manager.io/common-name': cert.spec?.commonName ?? (cert.spec?.dnsNames ?? [])[0] ?? '',
      'cert-manager.io/ip-sans': '',
      'cert-manager.io/issuer-group': issuerRef.group ?? 'cert-manager.io',
      'cert-manager.io/issuer-kind': issuerRef.kind ?? 'Issuer',
      'cert-manager.io/issuer-name': issuerRef.name ?? '',
      'cert-manager.io/uri-sans': '',
    };
    const data = {
      'tls.crt': request.status?.certificate ?? base64(fakePem('CERTIFICATE', `${cert.metadata.uid}/${notBefore}/${notAfter}`)),
      'tls.key': base64(fakePem('RSA PRIVATE KEY', `${cert.metadata.uid}/${notBefore}/key`)),
      'ca.crt': request.status?.ca ?? '',
    };
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace,
        labels: { 'controller.cert-manager.io/fao': 'true', ...(existing?.metadata.labels ?? {}) },
        annotations: { ...(existing?.metadata.annotations ?? {}), ...annotations },
        ...(existing ? { resourceVersion: existing.metadata.resourceVersion } : {}),
      },
      type: 'kubernetes.io/tls',
      data,
    };
    if (existing) this.context.api.update(this.secrets, namespace, name, body);
    else this.context.api.create(this.secrets, namespace, body);
  }
}

function findCondition(object: KubeObject, type: string): Condition | undefined {
  return ((object.status?.conditions ?? []) as Condition[]).find(condition => condition.type === type);
}

function isFailed(request: KubeObject): boolean {
  const ready = findCondition(request, 'Ready');
  return ready?.status === 'False' && (ready.reason === 'Failed' || ready.reason === 'Denied');
}

function issuerKeyOf(cert: KubeObject): string {
  const ref = cert.spec?.issuerRef ?? {};
  return (ref.kind ?? 'Issuer') === 'ClusterIssuer' ? `ClusterIssuer/${ref.name}` : `Issuer/${cert.metadata.namespace}/${ref.name}`;
}
