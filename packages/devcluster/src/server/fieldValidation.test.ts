import { useClusters } from '../__testUtils__/cluster';
import { call } from '../__testUtils__/http';

const deployment = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    ...extra,
  },
});

describe('field validation against the real schemas', () => {
  const start = useClusters();

  it('refuses unknown fields with Strict, prunes them with a warning by default and silently with Ignore', async () => {
    const cluster = await start();
    const path = '/apis/apps/v1/namespaces/cmp/deployments';
    const strict = await call(cluster, 'POST', `${path}?fieldValidation=Strict`, { body: deployment('strict', { bogusField: 1 }) });
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bogusField"');
    const warned = await call(cluster, 'POST', path, { body: deployment('warned', { bogusField: 1 }) });
    expect(warned.status).toBe(201);
    expect(warned.headers.warning).toBe('299 - "unknown field \\"spec.bogusField\\""');
    expect(cluster.store.get('deployments.apps', 'cmp', 'warned')!.spec.bogusField).toBeUndefined();
    const ignored = await call(cluster, 'POST', `${path}?fieldValidation=Ignore`, { body: deployment('ignored', { bogusField: 1 }) });
    expect(ignored.status).toBe(201);
    expect(ignored.headers.warning).toBeUndefined();
    expect(ignored.body.spec.bogusField).toBeUndefined();
    const bad = await call(cluster, 'POST', `${path}?fieldValidation=Loose`, { body: deployment('bad') });
    expect(bad.status).toBe(400);
  });

  it('checks nested fields, patches and custom resources, with the server error shapes', async () => {
    const cluster = await start();
    const nested = deployment('nested');
    (nested.spec.template.spec.containers[0] as Record<string, unknown>).imagePolicy = 'Always';
    const created = await call(cluster, 'POST', '/apis/apps/v1/namespaces/cmp/deployments?fieldValidation=Strict', { body: nested });
    expect(created.body.message).toContain('unknown field "spec.template.spec.containers[0].imagePolicy"');
    const typed = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/cmp/deployments/agent-registry?fieldValidation=Strict', {
      body: { spec: { replicas: 'three' } },
      contentType: 'application/merge-patch+json',
    });
    expect(typed.status).toBe(400);
    expect(typed.body.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    const certificate = '/apis/cert-manager.io/v1/namespaces/cmp/certificates/agent-registry-tls';
    const unknown = await call(cluster, 'PATCH', `${certificate}?fieldValidation=Strict`, { body: { spec: { renewBeforeDays: 3 } }, contentType: 'application/merge-patch+json' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('Certificate in version "v1" cannot be handled as a Certificate: strict decoding error: unknown field "spec.renewBeforeDays"');
    const wrongType = await call(cluster, 'PATCH', certificate, { body: { spec: { secretName: 7 } }, contentType: 'application/merge-patch+json' });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.message).toBe(
      'Certificate.cert-manager.io "agent-registry-tls" is invalid: spec.secretName: Invalid value: "integer": spec.secretName in body must be of type string: "integer"',
    );
    const enumValue = await call(cluster, 'PATCH', certificate, { body: { spec: { privateKey: { algorithm: 'DSA' } } }, contentType: 'application/merge-patch+json' });
    expect(enumValue.status).toBe(422);
    expect(enumValue.body.details.causes[0]).toMatchObject({ reason: 'FieldValueNotSupported', field: 'spec.privateKey.algorithm' });
  });
});
