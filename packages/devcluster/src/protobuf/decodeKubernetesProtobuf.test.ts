import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { decodeKubernetesProtobuf, goDuration } from './decodeKubernetesProtobuf';

/** Encodes an object the way client-go does: the `k8s\0` envelope around a runtime.Unknown holding the message. */
function envelope(apiVersion: string, kind: string, type: string, message: Record<string, unknown>): Buffer {
  const root = protobuf.Root.fromJSON(JSON.parse(readFileSync(join(__dirname, 'generated', 'kubernetes.json'), 'utf8')).root);
  const raw = root.lookupType(type).encode(root.lookupType(type).fromObject(message)).finish();
  const unknown = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  const body = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw })).finish();
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from(body)]);
}

describe('Kubernetes protobuf request bodies', () => {
  it('turns a Deployment into its JSON form: int-or-strings, quantities, times, omitempty and meaningful zeros', () => {
    const body = envelope('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
      metadata: { name: 'web', namespace: '', generation: 0, creationTimestamp: {}, labels: { app: 'web' } },
      spec: {
        replicas: 0,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: { type: 1, strVal: '25%' }, maxUnavailable: { type: 0, intVal: 1 } } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'web', image: 'nginx', workingDir: '', stdin: false, resources: { limits: { cpu: { string: '500m' } } } }],
            volumes: [{ name: 'data', volumeSource: { emptyDir: {} } }],
          },
        },
      },
      status: {},
    });
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '500m' } } }],
            volumes: [{ name: 'data', emptyDir: {} }],
          },
        },
      },
      status: {},
    });
  });

  it('writes times as RFC 3339 and bytes as base64', () => {
    const body = envelope('v1', 'Secret', 'k8s.io.api.core.v1.Secret', {
      metadata: { name: 'db', creationTimestamp: { seconds: 1764064800 } },
      data: { password: Buffer.from('hunter2') },
      type: 'Opaque',
    });
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', creationTimestamp: '2025-11-25T10:00:00Z' },
      data: { password: Buffer.from('hunter2').toString('base64') },
      type: 'Opaque',
    });
  });

  it('refuses kinds it has no definitions for, and bodies without the envelope, with 415', () => {
    expect(() => decodeKubernetesProtobuf(envelope('example.com/v1', 'Widget', 'k8s.io.api.core.v1.ConfigMap', {}))).toThrow(
      expect.objectContaining({ code: 415 }),
    );
    expect(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"ConfigMap"}'))).toThrow(expect.objectContaining({ code: 415 }));
  });

  it('prints durations as Go does', () => {
    expect([goDuration(0), goDuration(5e8), goDuration(90e9), goDuration(3600e9)]).toEqual(['0s', '500ms', '1m30s', '1h0m0s']);
  });
});
