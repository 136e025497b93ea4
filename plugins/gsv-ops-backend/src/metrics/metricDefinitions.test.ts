import {
  cpuThrottlingQuery,
  deploymentPodRegex,
  METRICS,
  type MetricsTarget,
} from './metricDefinitions';

const target: MetricsTarget = {
  job: 'agent-registry',
  namespace: 'cmp',
  deployments: ['agent-registry'],
  database: { namespace: 'cmp', name: 'cmp-postgres' },
  pvcs: [
    { namespace: 'cmp', name: 'cmp-postgres-1' },
    { namespace: 'cmp', name: 'agent-registry-media' },
  ],
  queue: 'celery',
};

const query = (id: string, t = target) =>
  METRICS.find(m => m.id === id)!.query(t);

describe('metric queries', () => {
  it('takes the P99 from rates summed by le, not from raw buckets as the ops guide does', () => {
    expect(query('p99Latency')).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="agent-registry",namespace="cmp"}[5m])))',
    );
  });

  it("selects the deployment's pods without catching the worker's", () => {
    const regex = new RegExp(`^${deploymentPodRegex(['agent-registry'])}$`);
    expect(regex.test('agent-registry-7d9f8c6b5-x2x9k')).toBe(true);
    expect(regex.test('agent-registry-worker-5f6d7c8b9-abcde')).toBe(false);
    expect(query('memory')).toContain(
      'pod=~"(agent-registry)-[a-z0-9]{5,10}-[a-z0-9]{5}"',
    );
  });

  it('reads connections from the CloudNativePG exporter per instance', () => {
    expect(query('dbConnections')).toBe(
      'max(sum by (pod) (cnpg_backends_total{namespace="cmp",pod=~"cmp-postgres-[0-9]+"}) / max by (pod) (cnpg_pg_settings_setting{name="max_connections",namespace="cmp",pod=~"cmp-postgres-[0-9]+"}))',
    );
  });

  it('leaves out metrics the service has nothing for', () => {
    const bare: MetricsTarget = { namespace: 'sso', deployments: [], pvcs: [] };
    expect(METRICS.map(m => m.query(bare)).filter(Boolean)).toEqual([]);
    expect(cpuThrottlingQuery(bare)).toBeUndefined();
  });

  it('escapes names inside regular expressions and strings', () => {
    expect(
      query('disk', {
        ...target,
        pvcs: [{ namespace: 'cmp', name: 'data.v1' }],
      }),
    ).toContain('persistentvolumeclaim=~"data\\\\.v1"');
  });
});
