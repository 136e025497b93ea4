import { applyMergePatch } from './mergePatch';
import { applyStrategicMergePatch } from './strategicMergePatch';

const deployment = {
  metadata: { name: 'web', finalizers: ['a'], labels: { app: 'web', tier: 'front' } },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'main', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
          { name: 'sidecar', image: 'side:1' },
        ],
        tolerations: [{ key: 'x', operator: 'Exists' }],
      },
    },
  },
};

describe('strategic merge patch', () => {
  it('merges containers by name and env by name, appending new entries', () => {
    const result = applyStrategicMergePatch(deployment, {
      spec: { template: { spec: { containers: [{ name: 'main', image: 'app:2', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }, { name: 'new', image: 'n:1' }] } } },
    }) as typeof deployment;
    const [main, sidecar, added] = result.spec.template.spec.containers as Array<Record<string, unknown>>;
    expect(main.image).toBe('app:2');
    expect(main.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }]);
    expect(main.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(sidecar).toEqual({ name: 'sidecar', image: 'side:1' });
    expect(added).toEqual({ name: 'new', image: 'n:1' });
  });

  it('deletes list entries with $patch: delete and keys with null', () => {
    const result = applyStrategicMergePatch(deployment, {
      metadata: { labels: { tier: null } },
      spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } },
    }) as typeof deployment;
    expect(result.metadata.labels).toEqual({ app: 'web' });
    expect(result.spec.template.spec.containers.map(container => container.name)).toEqual(['main']);
  });

  it('replaces lists without a merge key and honours $patch: replace', () => {
    const replaced = applyStrategicMergePatch(deployment, { spec: { template: { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } } } }) as typeof deployment;
    expect(replaced.spec.template.spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
    const whole = applyStrategicMergePatch(deployment, { metadata: { labels: { $patch: 'replace', only: 'this' } } }) as typeof deployment;
    expect(whole.metadata.labels).toEqual({ only: 'this' });
  });

  it('merges finalizers as a set, deletes from primitive lists and orders by $setElementOrder', () => {
    const result = applyStrategicMergePatch(deployment, {
      metadata: { finalizers: ['b', 'a'] },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'main' }],
          },
        },
      },
    }) as typeof deployment;
    expect(result.metadata.finalizers).toEqual(['a', 'b']);
    expect(result.spec.template.spec.containers.map(container => container.name)).toEqual(['sidecar', 'main']);
    const removed = applyStrategicMergePatch(result, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }) as typeof deployment;
    expect(removed.metadata.finalizers).toEqual(['b']);
  });

  it('does not modify its input', () => {
    const before = JSON.stringify(deployment);
    applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: 'main', image: 'x' }] } } } });
    expect(JSON.stringify(deployment)).toBe(before);
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, replaces arrays and deletes with null', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, d: [1, 2] }, { a: { b: null, e: 3 }, d: [3] })).toEqual({ a: { c: 2, e: 3 }, d: [3] });
    expect(applyMergePatch({ a: 1 }, 'text')).toBe('text');
  });
});
