import {
  runbookParameterSchemas,
  incidentOverrideSchema,
} from './runbookParameters';
import { RUNBOOKS } from './runbooks';

describe('runbookParameterSchemas', () => {
  it('has a schema for every runbook', () => {
    expect(Object.keys(runbookParameterSchemas).sort()).toEqual(
      RUNBOOKS.map(r => r.id).sort(),
    );
  });

  it('applies defaults and accepts Kubernetes names', () => {
    expect(
      runbookParameterSchemas['deployment-restart'].parse({
        namespace: 'cmp',
        deployment: 'agent-registry',
      }),
    ).toEqual({
      namespace: 'cmp',
      deployment: 'agent-registry',
      timeoutSeconds: 300,
    });
  });

  it.each([
    [
      { namespace: 'CMP', deployment: 'agent-registry' },
      /namespace is lower-case/,
    ],
    [{ namespace: 'cmp', deployment: 'agent_registry' }, /Kubernetes name/],
    [
      { namespace: 'cmp', deployment: 'x', timeoutSeconds: 5 },
      /at least 30 seconds/,
    ],
    [{ namespace: 'cmp', deployment: 'x', extra: true }, /Unrecognized key/],
  ])('rejects %j', (input, message) => {
    const result =
      runbookParameterSchemas['deployment-restart'].safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });

  it('checks scale bounds and resource quantities', () => {
    expect(
      runbookParameterSchemas['deployment-scale'].safeParse({
        namespace: 'cmp',
        deployment: 'x',
        replicas: -1,
      }).success,
    ).toBe(false);
    expect(
      runbookParameterSchemas['deployment-set-resources'].safeParse({
        namespace: 'cmp',
        deployment: 'x',
        container: 'x',
        limits: { memory: '4 GB' },
      }).success,
    ).toBe(false);
    expect(
      runbookParameterSchemas['deployment-set-resources'].safeParse({
        namespace: 'cmp',
        deployment: 'x',
        container: 'x',
      }).success,
    ).toBe(false);
    expect(
      runbookParameterSchemas['deployment-set-resources'].parse({
        namespace: 'cmp',
        deployment: 'x',
        container: 'x',
        requests: { cpu: '500m' },
        limits: { memory: '4Gi' },
      }).limits,
    ).toEqual({ memory: '4Gi' });
  });

  it('wants restore times with a zone', () => {
    const base = {
      namespace: 'cmp',
      sourceCluster: 'cmp-postgres',
      newClusterName: 'cmp-postgres-restored',
    };
    expect(
      runbookParameterSchemas['database-restore'].safeParse({
        ...base,
        targetTime: '2026-11-24 10:00',
      }).success,
    ).toBe(false);
    expect(
      runbookParameterSchemas['database-restore'].parse({
        ...base,
        targetTime: '2026-11-24T10:00:00+01:00',
      }).instances,
    ).toBe(1);
  });

  it('takes only P1 and P2 incidents as overrides', () => {
    expect(
      incidentOverrideSchema.safeParse({ id: 'INC-1234', severity: 'P1' })
        .success,
    ).toBe(true);
    expect(
      incidentOverrideSchema.safeParse({ id: 'INC-1234', severity: 'P3' })
        .success,
    ).toBe(false);
  });
});
