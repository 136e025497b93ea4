import { recommend, type RecommendationInput } from './recommendations';
import { formatCpu, formatMemory, parseQuantity } from '../domain/quantities';

const base: RecommendationInput = {
  values: {},
  deployment: {
    namespace: 'cmp',
    name: 'agent-registry',
    replicas: 3,
    hpa: { name: 'agent-registry', minReplicas: 2, maxReplicas: 10 },
    container: { name: 'agent-registry', limits: { cpu: '2', memory: '4Gi' } },
  },
  workers: { namespace: 'cmp', name: 'agent-registry-worker', replicas: 1 },
  database: { namespace: 'cmp', name: 'cmp-postgres', instances: 3 },
  caps: { maxReplicas: 20, maxDatabaseInstances: 5 },
};

const ids = (
  values: RecommendationInput['values'],
  input: Partial<RecommendationInput> = {},
) => recommend({ ...base, ...input, values }).map(r => r.id);

describe('the §3.4 decision matrix', () => {
  it.each([
    [{ p99Latency: 2 }, []],
    [{ p99Latency: 2.01 }, ['scale-horizontally']],
    [{ memory: 0.85 }, []],
    [{ memory: 0.851 }, ['raise-memory']],
    [{ cpuThrottling: 0.9 }, []],
    [{ cpuThrottling: 0.91 }, ['raise-cpu-limits']],
    [{ queueDepth: 500 }, []],
    [{ queueDepth: 501 }, ['scale-workers']],
    [{ dbConnections: 0.8 }, []],
    [{ dbConnections: 0.81 }, ['database-capacity']],
    [{ p99Latency: NaN, queueDepth: undefined }, []],
  ])('%j → %j', (values, expected) => {
    expect(ids(values)).toEqual(expected);
  });

  it('prefills the runbook that acts on the symptom', () => {
    const [workers] = recommend({ ...base, values: { queueDepth: 812 } });
    expect(workers).toMatchObject({
      runbook: 'deployment-scale',
      target: {
        kind: 'Deployment',
        namespace: 'cmp',
        name: 'agent-registry-worker',
      },
      parameters: {
        namespace: 'cmp',
        deployment: 'agent-registry-worker',
        replicas: 2,
      },
      reason:
        'Queue backlog: 812 tasks waiting (> 500) with 1 worker. Scale to 2.',
    });
    const [memory] = recommend({ ...base, values: { memory: 0.9 } });
    expect(memory.parameters).toEqual({
      namespace: 'cmp',
      deployment: 'agent-registry',
      container: 'agent-registry',
      limits: { memory: '6Gi' },
    });
    const [latency] = recommend({ ...base, values: { p99Latency: 2.5 } });
    // an HPA manages agent-registry: the scale goes through its minimum
    expect(latency).toMatchObject({
      runbook: 'autoscaler-scale',
      target: {
        kind: 'HorizontalPodAutoscaler',
        namespace: 'cmp',
        name: 'agent-registry',
      },
      parameters: {
        namespace: 'cmp',
        autoscaler: 'agent-registry',
        minReplicas: 5,
        maxReplicas: 10,
      },
    });
    expect(latency.reason).toMatch(
      /Scale from 3 to 5 replicas through HPA agent-registry: raise its minimum to 5\.$/,
    );
    const { hpa: _none, ...unmanaged } = base.deployment!;
    const [direct] = recommend({
      ...base,
      deployment: unmanaged,
      values: { p99Latency: 2.5 },
    });
    expect(direct).toMatchObject({
      runbook: 'deployment-scale',
      parameters: { deployment: 'agent-registry', replicas: 5 },
    });
  });

  it('stays within the caps and says nothing when the cap is reached', () => {
    expect(
      ids(
        { p99Latency: 5 },
        { caps: { maxReplicas: 3, maxDatabaseInstances: 5 } },
      ),
    ).toEqual([]);
    expect(
      ids(
        { dbConnections: 0.99 },
        { caps: { maxReplicas: 20, maxDatabaseInstances: 3 } },
      ),
    ).toEqual([]);
  });
});

describe('quantities', () => {
  it('parses and formats Kubernetes quantities', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('4Gi')).toBe(4 * 2 ** 30);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('4 GB')).toBeUndefined();
    expect(formatCpu(0.75)).toBe('750m');
    expect(formatCpu(3)).toBe('3');
    expect(formatMemory(1.5 * 2 ** 30)).toBe('1536Mi');
    expect(formatMemory(6 * 2 ** 30)).toBe('6Gi');
  });
});
