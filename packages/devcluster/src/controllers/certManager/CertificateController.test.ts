import { useClusters } from '../../__testUtils__/cluster';
import { call, get } from '../../__testUtils__/http';
import type { DevCluster } from '../../cluster/startDevCluster';

jest.setTimeout(20_000);

/** What `cmctl renew` does: upsert Issuing=True/ManuallyTriggered and UpdateStatus (PUT /status with resourceVersion). */
async function cmctlRenew(cluster: DevCluster, namespace: string, name: string, token = cluster.tokens.backend) {
  const path = `/apis/cert-manager.io/v1/namespaces/${namespace}/certificates/${name}`;
  const cert = (await get(cluster, path, { token })).body;
  const conditions = (cert.status.conditions ?? []).filter((condition: { type: string }) => condition.type !== 'Issuing');
  conditions.push({
    type: 'Issuing',
    status: 'True',
    reason: 'ManuallyTriggered',
    message: 'Certificate re-issuance manually triggered',
    lastTransitionTime: new Date(cluster.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
    observedGeneration: cert.metadata.generation,
  });
  return call(cluster, 'PUT', `${path}/status`, { token, body: { ...cert, status: { ...cert.status, conditions } } });
}

describe('cert-manager', () => {
  const start = useClusters();

  it('re-issues a certificate when Issuing=True is set through the status subresource (cmctl renew)', async () => {
    const cluster = await start();
    const before = cluster.store.get('certificates.cert-manager.io', 'cmp', 'agent-registry-tls')!;
    expect(before.status.revision).toBe(3);
    const renew = await cmctlRenew(cluster, 'cmp', 'agent-registry-tls');
    expect(renew.status).toBe(200);
    await cluster.clock.advance(1000);
    const issuing = cluster.store.get('certificates.cert-manager.io', 'cmp', 'agent-registry-tls')!;
    expect(issuing.status.nextPrivateKeySecretName).toMatch(/^agent-registry-tls-\w{5}$/);
    const requests = cluster.store.list('certificaterequests.cert-manager.io', { namespace: 'cmp' });
    const request = requests.find(candidate => candidate.metadata.annotations?.['cert-manager.io/certificate-revision'] === '4')!;
    expect(request.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Certificate', name: 'agent-registry-tls' });
    expect(request.status.conditions.find((condition: { type: string }) => condition.type === 'Approved').status).toBe('True');
    await cluster.clock.advance(10_000);
    const after = cluster.store.get('certificates.cert-manager.io', 'cmp', 'agent-registry-tls')!;
    const now = cluster.clock.now();
    expect(after.status.revision).toBe(4);
    expect(Date.parse(after.status.notBefore)).toBeGreaterThan(Date.parse(before.status.notBefore));
    expect(Date.parse(after.status.notAfter) - Date.parse(after.status.notBefore)).toBe(2160 * 3_600_000);
    expect(Date.parse(after.status.renewalTime)).toBe(Date.parse(after.status.notAfter) - 720 * 3_600_000);
    expect(Date.parse(after.status.notBefore)).toBeLessThanOrEqual(now);
    expect(after.status.conditions.map((condition: { type: string }) => condition.type)).toEqual(['Ready']);
    expect(after.status.nextPrivateKeySecretName).toBeUndefined();
    const reasons = cluster.store.list('events', { namespace: 'cmp', fieldSelector: 'involvedObject.name=agent-registry-tls' }).map(event => event.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Generated', 'Requested', 'Issuing']));
  });

  it('records failed issuance with a broken issuer, and succeeds once it is fixed', async () => {
    const cluster = await start();
    const seeded = cluster.store.get('certificates.cert-manager.io', 'cert-manager', 'wildcard-dev-tls')!;
    expect(seeded.status).toMatchObject({ failedIssuanceAttempts: 2 });
    expect(seeded.status.conditions.find((condition: { type: string }) => condition.type === 'Ready')).toMatchObject({ status: 'False', reason: 'Expired' });
    expect(seeded.status.conditions.find((condition: { type: string }) => condition.type === 'Issuing')).toMatchObject({ status: 'False', reason: 'Failed' });
    await cmctlRenew(cluster, 'cert-manager', 'wildcard-dev-tls');
    await cluster.clock.advance(10_000);
    const failed = cluster.store.get('certificates.cert-manager.io', 'cert-manager', 'wildcard-dev-tls')!;
    expect(failed.status.failedIssuanceAttempts).toBe(3);
    expect(failed.status.lastFailureTime).toBe(new Date(cluster.clock.now() - 7000).toISOString().replace(/\.\d+Z$/, 'Z'));
    const issuing = failed.status.conditions.find((condition: { type: string }) => condition.type === 'Issuing');
    expect(issuing).toMatchObject({ status: 'False', reason: 'Failed' });
    expect(issuing.message).toMatch(/^The certificate request has failed to complete and will be retried: Failed to wait for order resource ".+" to become ready: order is in "invalid" state: DNS-01 challenge/);
    const warnings = cluster.store.list('events', { namespace: 'cert-manager', fieldSelector: 'involvedObject.name=wildcard-dev-tls,type=Warning' });
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(failed.status.revision).toBe(4);

    cluster.faults.fixIssuer('letsencrypt-dns');
    await cmctlRenew(cluster, 'cert-manager', 'wildcard-dev-tls');
    await cluster.clock.advance(10_000);
    const fixed = cluster.store.get('certificates.cert-manager.io', 'cert-manager', 'wildcard-dev-tls')!;
    expect(fixed.status.revision).toBe(5);
    expect(fixed.status.failedIssuanceAttempts).toBeUndefined();
    expect(fixed.status.lastFailureTime).toBeUndefined();
    expect(fixed.status.conditions.find((condition: { type: string }) => condition.type === 'Ready')).toMatchObject({ status: 'True', reason: 'Ready' });
  });

  it('retries a failed issuance after the exponential back-off', async () => {
    const cluster = await start();
    cluster.faults.fixIssuer('letsencrypt-dns');
    await cluster.clock.advance(60 * 60_000);
    expect(cluster.store.get('certificates.cert-manager.io', 'cert-manager', 'wildcard-dev-tls')!.status.revision).toBe(4);
    await cluster.clock.advance(30 * 60_000);
    const renewed = cluster.store.get('certificates.cert-manager.io', 'cert-manager', 'wildcard-dev-tls')!;
    expect(renewed.status.revision).toBe(5);
  });

  it('renews on schedule: keycloak-tls expires in 5 days and renews at its renewalTime', async () => {
    const cluster = await start();
    const cert = cluster.store.get('certificates.cert-manager.io', 'sso', 'keycloak-tls')!;
    const daysLeft = (Date.parse(cert.status.notAfter) - cluster.clock.now()) / 86_400_000;
    expect(daysLeft).toBeCloseTo(5, 0);
    await cluster.clock.advance(2 * 86_400_000 + 60_000);
    const renewed = cluster.store.get('certificates.cert-manager.io', 'sso', 'keycloak-tls')!;
    expect(renewed.status.revision).toBe(3);
    expect((Date.parse(renewed.status.notAfter) - cluster.clock.now()) / 86_400_000).toBeGreaterThan(89);
  });

  it('does not bring back a deleted Certificate (its requests go, its Secret stays)', async () => {
    const cluster = await start();
    const response = await call(cluster, 'DELETE', '/apis/cert-manager.io/v1/namespaces/cert-manager/certificates/wildcard-dev-tls');
    expect(response.status).toBe(200);
    await cluster.clock.advance(3 * 3_600_000);
    expect(cluster.store.get('certificates.cert-manager.io', 'cert-manager', 'wildcard-dev-tls')).toBeUndefined();
    expect(cluster.store.list('certificaterequests.cert-manager.io', { namespace: 'cert-manager' })).toHaveLength(0);
    expect(cluster.store.get('secrets', 'cert-manager', 'wildcard-dev-tls')).toBeDefined();
  });
});
