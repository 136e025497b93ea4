import { base64, fakePem } from '../../controllers/certManager/fakePem';
import { ownerReference } from '../../controllers/helpers';
import { issuerKey } from '../../faults/FaultInjector';
import { DAY, HOUR, MINUTE, Seeder } from '../Seeder';
import { componentLabels, PART_OF, safeSuffix, systemLabels } from './labels';

/**
 * cert-manager and the certificates: agent-registry-tls healthy, keycloak-tls expiring in five days (dev),
 * wildcard-dev-tls failing to renew through a broken DNS-01 issuer (dev), with their CertificateRequests.
 */

export interface IssuerRefs {
  production: { name: string; kind: string; group: string };
  dns: { name: string; kind: string; group: string };
}

export function seedCertManager(seeder: Seeder, dev: boolean, domain: string): IssuerRefs {
  for (const name of ['cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook']) {
    seeder.deployment({
      namespace: 'cert-manager',
      name,
      labels: { ...systemLabels(name.replace('cert-manager-', '') === name ? 'cert-manager' : name.replace('cert-manager-', ''), 'cert-manager'), 'app.kubernetes.io/component': name === 'cert-manager' ? 'controller' : name.replace('cert-manager-', '') },
      selector: { 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': name === 'cert-manager' ? 'controller' : name.replace('cert-manager-', '') },
      replicas: 1,
      createdAgo: 120 * DAY,
      containers: [{ name: name.replace('cert-manager-', ''), image: `quay.io/jetstack/${name === 'cert-manager' ? 'cert-manager-controller' : name}:v1.16.2`, resources: { requests: { cpu: '10m', memory: '32Mi' } } }],
    });
  }
  const issuerStatus = (reason: string, message: string) => ({
    conditions: [{ type: 'Ready', status: 'True', reason, message, lastTransitionTime: seeder.ago(120 * DAY), observedGeneration: 1 }],
    acme: { uri: 'https://acme-v02.api.letsencrypt.org/acme/acct/1958412345', lastRegisteredEmail: 'platform@gsv.example' },
  });
  seeder.create(
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt-prod' },
      spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', email: 'platform@gsv.example', privateKeySecretRef: { name: 'letsencrypt-prod-account' }, solvers: [{ http01: { ingress: { ingressClassName: 'traefik' } } }] } },
      status: issuerStatus('ACMEAccountRegistered', 'The ACME account was registered with the ACME server'),
    },
    120 * DAY,
  );
  seeder.create(
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt-dns' },
      spec: {
        acme: {
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          email: 'platform@gsv.example',
          privateKeySecretRef: { name: 'letsencrypt-dns-account' },
          solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } }, selector: { dnsZones: [domain] } }],
        },
      },
      status: issuerStatus('ACMEAccountRegistered', 'The ACME account was registered with the ACME server'),
    },
    120 * DAY,
  );
  seeder.create(
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: 'gsv-internal-ca', namespace: 'cert-manager' },
      spec: { ca: { secretName: 'gsv-internal-ca' } },
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KeyPairVerified', message: 'Signing CA verified', lastTransitionTime: seeder.ago(120 * DAY), observedGeneration: 1 }] },
    },
    120 * DAY,
  );
  seeder.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cloudflare-api-token', namespace: 'cert-manager' }, type: 'Opaque', data: { 'api-token': base64('revoked-token') } }, 120 * DAY);
  if (dev) {
    seeder.simulation.breakIssuer(
      issuerKey('letsencrypt-dns'),
      `DNS-01 challenge for "*.${domain}" failed: Cloudflare API error for zone "${domain}": Invalid access token (9109)`,
    );
  }
  return {
    production: { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    dns: { name: 'letsencrypt-dns', kind: 'ClusterIssuer', group: 'cert-manager.io' },
  };
}

export function seedCertificates(
  seeder: Seeder,
  dev: boolean,
  domain: string,
  issuers: IssuerRefs,
): void {
  const now = seeder.now;
  const certificate = (input: {
    namespace: string;
    name: string;
    labels: Record<string, string>;
    dnsNames: string[];
    issuer: IssuerRefs['production'];
    issuedAgo: number;
    duration: number;
    renewBefore: number;
    revision: number;
    createdAgo: number;
    failing?: { attempts: number; lastFailureAgo: number; message: string };
  }) => {
    const notBefore = now - input.issuedAgo;
    const notAfter = notBefore + input.duration;
    const cert = seeder.create(
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
        spec: {
          secretName: input.name,
          issuerRef: input.issuer,
          dnsNames: input.dnsNames,
          duration: `${input.duration / HOUR}h0m0s`,
          renewBefore: `${input.renewBefore / HOUR}h0m0s`,
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
          usages: ['digital signature', 'key encipherment'],
        },
      },
      input.createdAgo,
    );
    seeder.create(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: input.name,
          namespace: input.namespace,
          labels: { 'controller.cert-manager.io/fao': 'true' },
          annotations: {
            'cert-manager.io/alt-names': input.dnsNames.join(','),
            'cert-manager.io/certificate-name': input.name,
            'cert-manager.io/common-name': input.dnsNames[0],
            'cert-manager.io/ip-sans': '',
            'cert-manager.io/issuer-group': input.issuer.group,
            'cert-manager.io/issuer-kind': input.issuer.kind,
            'cert-manager.io/issuer-name': input.issuer.name,
            'cert-manager.io/uri-sans': '',
          },
        },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': base64(fakePem('CERTIFICATE', `${input.name}/${input.revision}`)), 'tls.key': base64(fakePem('RSA PRIVATE KEY', `${input.name}/key`)), 'ca.crt': '' },
      },
      input.issuedAgo,
    );
    const request = (revision: number, createdAgo: number, failure?: string) => {
      const cr = seeder.create(
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'CertificateRequest',
          metadata: {
            name: `${input.name}-${safeSuffix(`${input.name}/${revision}/${createdAgo}`)}`,
            namespace: input.namespace,
            labels: input.labels,
            annotations: {
              'cert-manager.io/certificate-name': input.name,
              'cert-manager.io/certificate-revision': String(revision),
              'cert-manager.io/private-key-secret-name': `${input.name}-${safeSuffix(`${input.name}/key/${revision}`)}`,
            },
            ownerReferences: [ownerReference(cert)],
          },
          spec: {
            issuerRef: input.issuer,
            request: base64(fakePem('CERTIFICATE REQUEST', `${input.name}/${revision}`)),
            duration: `${input.duration / HOUR}h0m0s`,
            usages: ['digital signature', 'key encipherment'],
            username: 'system:serviceaccount:cert-manager:cert-manager',
          },
        },
        createdAgo,
      );
      seeder.setStatus(cr, {
        conditions: [
          { type: 'Approved', status: 'True', reason: 'cert-manager.io', message: 'Certificate request has been approved by cert-manager.io', lastTransitionTime: seeder.ago(createdAgo) },
          failure
            ? { type: 'Ready', status: 'False', reason: 'Failed', message: failure, lastTransitionTime: seeder.ago(createdAgo - 8000) }
            : { type: 'Ready', status: 'True', reason: 'Issued', message: 'Certificate fetched from issuer successfully', lastTransitionTime: seeder.ago(createdAgo - 8000) },
        ],
        ...(failure ? { failureTime: seeder.ago(createdAgo - 8000) } : { certificate: base64(fakePem('CERTIFICATE', `${input.name}/${revision}`)), ca: base64(fakePem('CERTIFICATE', 'letsencrypt-r11')) }),
      });
    };
    request(input.revision, input.issuedAgo + 10_000);
    const expired = now >= notAfter;
    const conditions: Array<Record<string, unknown>> = [
      expired
        ? { type: 'Ready', status: 'False', reason: 'Expired', message: `Certificate expired on ${new Date(notAfter).toUTCString()}`, lastTransitionTime: seeder.ago(now - notAfter), observedGeneration: cert.metadata.generation }
        : { type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired', lastTransitionTime: seeder.ago(input.issuedAgo), observedGeneration: 1 },
    ];
    let status: Record<string, unknown> = {
      notBefore: seeder.ago(input.issuedAgo),
      notAfter: seeder.ago(now - notAfter),
      renewalTime: seeder.ago(now - (notAfter - input.renewBefore)),
      revision: input.revision,
    };
    if (input.failing) {
      const orderMessage = `Failed to wait for order resource "${input.name}-${input.revision + 1}-3094887542" to become ready: order is in "invalid" state: ${input.failing.message}`;
      request(input.revision + 1, input.failing.lastFailureAgo + 8000, orderMessage);
      conditions.push({
        type: 'Issuing',
        status: 'False',
        reason: 'Failed',
        message: `The certificate request has failed to complete and will be retried: ${orderMessage}`,
        lastTransitionTime: seeder.ago(input.failing.lastFailureAgo),
        observedGeneration: cert.metadata.generation,
      });
      status = { ...status, lastFailureTime: seeder.ago(input.failing.lastFailureAgo), failedIssuanceAttempts: input.failing.attempts };
      const stored = seeder.setStatus(cert, { ...status, conditions });
      seeder.event(stored, 'Warning', 'Failed', `The certificate request has failed to complete and will be retried: ${orderMessage}`, {
        firstAgo: input.failing.lastFailureAgo,
        component: 'cert-manager-certificates-issuing',
      });
      return stored;
    }
    return seeder.setStatus(cert, { ...status, conditions });
  };

  certificate({
    namespace: 'cmp',
    name: 'agent-registry-tls',
    labels: componentLabels('agent-registry'),
    dnsNames: [`agent-registry.${domain}`],
    issuer: issuers.production,
    issuedAgo: 30 * DAY,
    duration: 2160 * HOUR,
    renewBefore: 720 * HOUR,
    revision: 3,
    createdAgo: 45 * DAY,
  });
  certificate({
    namespace: 'sso',
    name: 'keycloak-tls',
    labels: componentLabels('keycloak'),
    dnsNames: [`keycloak.${domain}`],
    issuer: issuers.production,
    issuedAgo: dev ? 85 * DAY : 30 * DAY,
    duration: 2160 * HOUR,
    renewBefore: dev ? 72 * HOUR : 720 * HOUR,
    revision: 2,
    createdAgo: 60 * DAY + 10 * MINUTE,
  });
  certificate({
    namespace: 'cert-manager',
    name: 'wildcard-dev-tls',
    labels: { 'app.kubernetes.io/name': 'wildcard-tls', ...PART_OF },
    dnsNames: [`*.${domain}`],
    issuer: issuers.dns,
    issuedAgo: dev ? 92 * DAY : 20 * DAY,
    duration: 2160 * HOUR,
    renewBefore: 720 * HOUR,
    revision: 4,
    createdAgo: 300 * DAY,
    ...(dev
      ? { failing: { attempts: 2, lastFailureAgo: 40 * MINUTE, message: `DNS-01 challenge for "*.${domain}" failed: Cloudflare API error for zone "${domain}": Invalid access token (9109)` } }
      : {}),
  });
}
