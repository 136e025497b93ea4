import { DateTime } from 'luxon';
import { cnpgPod, crashLoopPod, NOW_ISO, replicaSet, runningPod } from '../../__fixtures__/objects';
import { summarizePod } from '../../domain/pods';
import { DEFAULT_THRESHOLDS } from '../../domain/thresholds';
import { INDEXERS } from './indexers';
import { TRANSFORMS } from './transforms';

const ctx = { now: DateTime.fromISO(NOW_ISO, { zone: 'utc' }), thresholds: DEFAULT_THRESHOLDS };

describe('cache transforms', () => {
  const heavy = (pod: ReturnType<typeof runningPod>) => ({
    ...pod,
    metadata: { ...pod.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': NOW_ISO, big: 'x'.repeat(5000) } },
    spec: {
      ...pod.spec,
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }],
      containers: pod.spec.containers.map((c: object) => ({
        ...c,
        env: [{ name: 'DATABASE_URL', value: 'postgres://…' }],
        livenessProbe: { httpGet: { path: '/health/', port: 8000 } },
        volumeMounts: [{ name: 'media', mountPath: '/app/media' }],
      })),
      volumes: [...(pod.spec.volumes ?? []), { name: 'config', configMap: { name: 'agent-registry-config' } }],
    },
  });

  it.each([
    ['running', runningPod('agent-registry-5d8f7-a')],
    ['crash-looping', crashLoopPod('agent-registry-5d8f7-c')],
    ['database instance', cnpgPod(1, 'primary')],
  ])('keeps everything the views read of a %s pod', (_name, pod) => {
    const full = heavy(pod);
    const trimmed = TRANSFORMS.pods!(full);
    expect(summarizePod(trimmed, ctx)).toEqual(summarizePod(full, ctx));
    for (const [index, fn] of Object.entries(INDEXERS.pods!)) {
      expect([index, fn(trimmed)]).toEqual([index, fn(full)]);
    }
    expect(JSON.stringify(trimmed)).not.toContain('DATABASE_URL');
    expect(JSON.stringify(trimmed).length).toBeLessThan(JSON.stringify(full).length / 2);
    expect(Object.isFrozen(trimmed.spec)).toBe(true);
  });

  it('keeps the revision, replicas, images and owner of a ReplicaSet', () => {
    const rs = replicaSet('agent-registry-5d8f7', '12');
    const trimmed = TRANSFORMS.replicasets!(rs);
    expect(trimmed.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('12');
    expect(trimmed.metadata.ownerReferences).toEqual(rs.metadata.ownerReferences);
    expect(trimmed.spec.template.spec.containers).toEqual([{ name: 'agent-registry', image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3' }]);
    expect(trimmed.status).toEqual(rs.status);
  });
});
