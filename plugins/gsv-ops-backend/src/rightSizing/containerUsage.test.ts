import { namespaceUsage, podBelongsTo, usageQueries } from './containerUsage';

describe('container usage', () => {
  it('asks Prometheus for p95s over the window with subqueries at the resolution', () => {
    const queries = usageQueries('cmp', { window: '7d', resolution: '5m' });
    expect(queries.cpu).toBe(
      'quantile_over_time(0.95, sum by (pod, container) (rate(container_cpu_usage_seconds_total{namespace="cmp",container!="",container!="POD"}[5m]))[7d:5m])',
    );
    expect(queries.memory).toBe(
      'quantile_over_time(0.95, max by (pod, container) (container_memory_working_set_bytes{namespace="cmp",container!="",container!="POD"})[7d:5m])',
    );
    expect(queries.samples).toMatch(
      /^count_over_time\(max by \(pod, container\)/,
    );
  });

  it('joins the three answers per pod and container; history is samples × resolution', async () => {
    const answers: Record<
      string,
      { metric: Record<string, string>; value: number }[]
    > = {
      quantile_cpu: [
        { metric: { pod: 'w-abc12-x9z8q', container: 'worker' }, value: 0.09 },
      ],
      quantile_mem: [
        {
          metric: { pod: 'w-abc12-x9z8q', container: 'worker' },
          value: 157286400,
        },
      ],
      count: [
        { metric: { pod: 'w-abc12-x9z8q', container: 'worker' }, value: 12 },
      ],
    };
    const usage = await namespaceUsage(
      'cmp',
      { window: '1h', resolution: '5m', resolutionSeconds: 300 },
      async query => {
        if (query.startsWith('count')) return answers.count;
        return query.includes('cpu')
          ? answers.quantile_cpu
          : answers.quantile_mem;
      },
    );
    expect(usage).toEqual([
      {
        pod: 'w-abc12-x9z8q',
        container: 'worker',
        cpu: 0.09,
        memory: 157286400,
        historySeconds: 3600,
      },
    ]);
  });

  it("tells a workload's pods by the names its controller gives them", () => {
    const api = { kind: 'Deployment', name: 'agent-registry' };
    expect(podBelongsTo('agent-registry-7c9d8f6b54-x2v9q', api)).toBe(true);
    expect(podBelongsTo('agent-registry-worker-6f7d9c8b5-abcde', api)).toBe(
      false,
    );
    expect(
      podBelongsTo('cmp-postgres-1', {
        kind: 'StatefulSet',
        name: 'cmp-postgres',
      }),
    ).toBe(true);
    expect(
      podBelongsTo('cmp-postgres-1-initdb-x2v9q', {
        kind: 'StatefulSet',
        name: 'cmp-postgres',
      }),
    ).toBe(false);
    expect(
      podBelongsTo('fluent-bit-q8z7x', {
        kind: 'DaemonSet',
        name: 'fluent-bit',
      }),
    ).toBe(true);
  });
});
