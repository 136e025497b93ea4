import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  createTestContext,
  createCheckTestOptions,
  INITIATOR_AUTHORIZATION,
  loggedLines,
} from '../__testUtils__/actionTestKit';
import {
  ENGINE_BASE_URL,
  errorBody,
} from '../__testUtils__/FakeOperationsEngine';
import { createCheckServiceHealthAction } from './checkServiceHealth';

const ENTITY = `${ENGINE_BASE_URL}/entities/component/default/agent-registry`;

function view(readyReplicas: number) {
  return {
    entityRef: 'component:default/agent-registry',
    generatedAt: '2026-11-24T10:00:00Z',
    level: 'ok',
    findings: [],
    errors: [],
    etag: 'e1',
    clusters: [
      {
        cluster: { name: 'gsv-dev', environment: 'dev', synced: true },
        deployments: [
          {
            kind: 'Deployment',
            namespace: 'cmp',
            name: 'agent-registry',
            desiredReplicas: 2,
            readyReplicas,
            rollout: {
              complete: readyReplicas === 2,
              inProgress: false,
              stalled: false,
            },
          },
        ],
        certificates: [
          {
            namespace: 'cmp',
            name: 'agent-registry-tls',
            ready: 'True',
            daysToExpiry: 60,
          },
        ],
      },
    ],
  };
}

const warningAlert = {
  name: 'AgentRegistryLatencyHigh',
  severity: 'warning',
  summary: 'p99 above 1 s',
  startsAt: '2026-11-24T09:50:00Z',
  state: 'active',
  fingerprint: 'f1',
  labels: {},
};

describe('gsv:service:check-health', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const seen: Array<{ path: string; authorization: string | null }> = [];

  function serve(
    options: {
      readyReplicas?: number;
      viewStatus?: number;
      metricsStatus?: number;
    } = {},
  ) {
    seen.length = 0;
    server.use(
      http.get(`${ENTITY}/view`, ({ request }) => {
        seen.push({
          path: new URL(request.url).pathname + new URL(request.url).search,
          authorization: request.headers.get('authorization'),
        });
        if (options.viewStatus) {
          return HttpResponse.json(
            errorBody(
              'NotAllowedError',
              'You may not read component:default/agent-registry',
              403,
            ),
            { status: options.viewStatus },
          );
        }
        return HttpResponse.json(view(options.readyReplicas ?? 2));
      }),
      http.get(`${ENTITY}/metrics`, ({ request }) => {
        seen.push({
          path: new URL(request.url).pathname + new URL(request.url).search,
          authorization: request.headers.get('authorization'),
        });
        if (options.metricsStatus)
          return HttpResponse.json(
            errorBody('ServiceUnavailableError', 'Alertmanager is down', 503),
            { status: options.metricsStatus },
          );
        return HttpResponse.json({
          cluster: 'gsv-dev',
          configured: true,
          alerts: [warningAlert],
          errors: [],
          metrics: [],
          recommendations: [],
        });
      }),
    );
  }

  it('reads the view and the alerts as the initiator and outputs a healthy result with the warnings', async () => {
    serve();
    const action = createCheckServiceHealthAction(createCheckTestOptions());
    const { ctx, logger } = createTestContext({
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
    });
    await action.handler(ctx);
    expect(seen.map(s => s.path)).toEqual([
      '/api/gsv-ops/entities/component/default/agent-registry/view?cluster=gsv-dev',
      '/api/gsv-ops/entities/component/default/agent-registry/metrics?cluster=gsv-dev',
    ]);
    expect(new Set(seen.map(s => s.authorization))).toEqual(
      new Set([INITIATOR_AUTHORIZATION]),
    );
    expect(ctx.output).toHaveBeenCalledWith('healthy', true);
    expect(ctx.output).toHaveBeenCalledWith('findings', [
      expect.objectContaining({ level: 'warning', code: 'alert.firing' }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      'component:default/agent-registry is healthy: 1 workload and 1 certificate in gsv-dev ready, no critical alert firing (1 warning)',
    );
    expect(loggedLines(logger)).toContain(
      'warning [gsv-dev]: Alert AgentRegistryLatencyHigh (warning) firing since 2026-11-24T09:50:00Z: p99 above 1 s',
    );
  });

  it('fails the step with the reasons when a workload is not ready', async () => {
    serve({ readyReplicas: 1 });
    const action = createCheckServiceHealthAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'component:default/agent-registry',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'component:default/agent-registry is unhealthy: Deployment cmp/agent-registry: 1/2 pods ready',
    );
    expect(ctx.output).toHaveBeenCalledWith('healthy', false);
  });

  it('only reports when failWhenUnhealthy is false', async () => {
    serve({ readyReplicas: 0 });
    const action = createCheckServiceHealthAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'component:default/agent-registry',
      failWhenUnhealthy: false,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('healthy', false);
  });

  it('says when the alerts could not be read, without failing a healthy service', async () => {
    serve({ metricsStatus: 503 });
    const action = createCheckServiceHealthAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'component:default/agent-registry',
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('findings', [
      expect.objectContaining({
        code: 'alerts.unavailable',
        reason: 'Firing alerts could not be read: Alertmanager is down',
      }),
    ]);
  });

  it('turns a refused read into a NotAllowedError without a stack', async () => {
    serve({ viewStatus: 403 });
    const action = createCheckServiceHealthAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'component:default/agent-registry',
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      'Reading the Ops view of component:default/agent-registry: You may not read component:default/agent-registry',
    );
    expect(error.stack).toBe(`NotAllowedError: ${error.message}`);
  });

  it('refuses an entity ref that is none', async () => {
    serve();
    const action = createCheckServiceHealthAction(createCheckTestOptions());
    const { ctx } = createTestContext({ entityRef: 'component:' });
    await expect(action.handler(ctx)).rejects.toThrow(
      /entityRef: "component:" is not an entity ref/,
    );
    expect(seen).toEqual([]);
  });
});
