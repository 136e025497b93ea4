import { objectDiff } from './diff';
import { looksLikeCredential, redactSecrets } from './redact';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'agent-registry',
    namespace: 'cmp',
    annotations: {
      'gsv.io/operation-id': '897efe53-5a4f-4f6e-9460-97317218e52f',
      'example.com/api-token': 'not-long-but-named-a-token',
      'example.com/webhook': 'https://bot:hunter2@hooks.example.com/x',
      'deployment.kubernetes.io/revision': '3',
    },
  },
  spec: {
    template: {
      metadata: { annotations: { 'vault.example.com/session': 's.abc' } },
      spec: {
        containers: [
          {
            name: 'app',
            env: [
              { name: 'DATABASE_PASSWORD', value: 'p4ssw0rd-literal' },
              { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            ],
          },
        ],
        initContainers: [{ name: 'migrate', env: [{ name: 'TOKEN', value: 'init-secret-value' }] }],
      },
    },
  },
};

describe('redactSecrets', () => {
  it('redacts literal env values, credential annotations and the data of Secrets, and nothing else', () => {
    const out = redactSecrets(deployment);
    const text = JSON.stringify(out);
    for (const secret of ['p4ssw0rd-literal', 'init-secret-value', 'not-long-but-named-a-token', 'hunter2', 's.abc']) {
      expect(text).not.toContain(secret);
    }
    expect(out.spec.template.spec.containers[0].env[0]).toEqual({ name: 'DATABASE_PASSWORD', value: expect.stringMatching(/^\(redacted [0-9a-f]{8}\)$/) });
    expect(out.spec.template.spec.containers[0].env[1]).toEqual(deployment.spec.template.spec.containers[0].env[1]);
    expect(out.metadata.annotations['gsv.io/operation-id']).toBe('897efe53-5a4f-4f6e-9460-97317218e52f');
    expect(out.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(deployment.spec.template.spec.containers[0].env[0].value).toBe('p4ssw0rd-literal');

    const secret = redactSecrets({ kind: 'Secret', metadata: { name: 's' }, data: { password: 'aHVudGVyMg==' }, stringData: { token: 'x' } });
    expect(secret.data.password).toMatch(/^\(redacted/);
    expect(secret.stringData.token).toMatch(/^\(redacted/);
  });

  it('shows that a redacted value changed without showing it', () => {
    const after = JSON.parse(JSON.stringify(deployment));
    after.spec.template.spec.containers[0].env[0].value = 'n3w-p4ssw0rd';
    const diff = objectDiff('deployments/cmp/agent-registry', deployment as any, after);
    expect(diff).toMatch(/-\s+value: "?\(redacted [0-9a-f]{8}\)"?\n\+\s+value: "?\(redacted [0-9a-f]{8}\)"?/);
    expect(diff).not.toMatch(/p4ssw0rd/);
  });

  it.each([
    ['example.com/db-password', 'x', true],
    ['cert-manager.io/issuer-name', 'letsencrypt', false],
    ['external-secrets.io/force-sync', '1733480000', false],
    ['anything', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', true],
    ['checksum/config', 'a3f1c9e0b2d44f6a8e7c5b1d9f0e2a4c6b8d0f1e3a5c7e9b1d3f5a7c9e1b3d5f', true],
    ['kubectl.kubernetes.io/restartedAt', '2026-12-06T17:12:16Z', false],
  ])('treats the annotation %s=%s as a credential: %s', (name, value, expected) => {
    expect(looksLikeCredential(name, value)).toBe(expected);
  });
});
