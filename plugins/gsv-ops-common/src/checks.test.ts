import { checkServiceHealth } from './checks';
import type { EntityOpsView } from './types';

const view = (overrides: Partial<any> = {}): EntityOpsView =>
  ({
    entityRef: 'component:default/keycloak',
    errors: [],
    clusters: [
      {
        cluster: { name: 'gsv-prod' },
        deployments: [
          {
            kind: 'Deployment',
            namespace: 'sso',
            name: 'keycloak',
            desiredReplicas: 2,
            readyReplicas: 2,
            rollout: {
              stalled: Boolean(overrides.stalled),
              message: 'ProgressDeadlineExceeded',
            },
          },
        ],
        certificates: [
          {
            namespace: 'sso',
            name: 'keycloak-tls',
            ready: 'True',
            daysToExpiry: overrides.days ?? 40,
          },
        ],
      },
    ],
    ...(overrides.errors ? { errors: overrides.errors } : {}),
  } as unknown as EntityOpsView);

const alert = (severity: string, state = 'active') => ({
  name: 'KeycloakDown',
  severity,
  summary: 'down',
  startsAt: '2026-11-24T10:00:00Z',
  state,
  fingerprint: 'x',
  labels: {},
});

describe('checkServiceHealth', () => {
  it('is healthy with warnings only', () => {
    const result = checkServiceHealth(view({ days: 3 }), [
      {
        cluster: 'gsv-prod',
        alerts: [alert('warning'), alert('critical', 'suppressed')],
      },
    ]);
    expect(result.healthy).toBe(true);
    expect(result.findings.map(f => f.code)).toEqual([
      'certificate.expiring',
      'alert.firing',
    ]);
    expect(result.summary).toBe(
      'component:default/keycloak is healthy: 1 workload and 1 certificate in gsv-prod ready, no critical alert firing (2 warnings)',
    );
  });

  it('is unhealthy for a stalled rollout, an expired certificate, a critical alert or an unreadable cluster', () => {
    const result = checkServiceHealth(
      view({
        stalled: true,
        days: -2,
        errors: [{ cluster: 'gsv-dr', message: 'connection refused' }],
      }),
      [{ cluster: 'gsv-prod', alerts: [alert('critical')] }],
    );
    expect(result.healthy).toBe(false);
    expect(result.findings.map(f => [f.level, f.code])).toEqual([
      ['critical', 'cluster.unreachable'],
      ['critical', 'workload.rollout-stalled'],
      ['critical', 'certificate.expired'],
      ['critical', 'alert.firing'],
    ]);
    expect(result.summary).toMatch(
      /^component:default\/keycloak is unhealthy: Cluster gsv-dr could not be read: connection refused; /,
    );
  });
});
