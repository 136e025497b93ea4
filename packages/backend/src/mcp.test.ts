import type { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  eventually,
  startComposedBackend,
  type ComposedBackend,
} from './__testUtils__/composedBackend';

/**
 * GSV Ops from an agent: the official MCP client over Streamable HTTP against the composed backend's
 * `/api/mcp-actions/v1`, as jane (owns agent-registry), bob (owns nothing) and pat (platform team). Production has
 * one maintenance window, on 29 February, so it is closed whenever this runs.
 */

jest.setTimeout(180_000);

const AGENT_REGISTRY = 'component:default/agent-registry';
const RESTART = {
  namespace: 'cmp',
  deployment: 'agent-registry',
};

let backend: ComposedBackend;
let baseUrl: string;
const clients: Client[] = [];

beforeAll(async () => {
  backend = await startComposedBackend({
    operations: {
      policy: {
        maintenanceWindows: {
          prod: [
            {
              name: 'Leap day',
              cron: '0 2 29 2 *',
              duration: { hours: 1 },
              timezone: 'UTC',
            },
          ],
        },
      },
    },
  });
  const { port } = backend.server.address() as AddressInfo;
  baseUrl = `http://localhost:${port}`;
});

afterAll(async () => {
  await Promise.all(clients.map(c => c.close()));
  await backend?.stop();
});

async function agentFor(user: string): Promise<Client> {
  const client = new Client({ name: 'gsv-ops-test-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`${baseUrl}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header(user) },
        },
      },
    ),
  );
  clients.push(client);
  return client;
}

/** The MCP server names each tool after its plugin and action (mcpActions.namespacedToolNames, on by default). */
const tool = (action: string) => `gsv-ops.${action}`;

/** A tool's structured answer, or its error text when the tool refused. */
async function call(client: Client, name: string, args: object) {
  const result = (await client.callTool({
    name: tool(name),
    arguments: args as any,
  })) as {
    isError?: boolean;
    content: Array<{ type: string; text?: string }>;
  };
  const text = result.content.map(c => c.text ?? '').join('\n');
  if (result.isError) return { error: text };
  return { output: JSON.parse(text) };
}

/** Successful real writes a cluster has answered since it started (dry runs are not writes). */
const writeCount = (cluster: ComposedBackend['dev']) =>
  cluster.requestLog.stats().writes;

const restartedAt = () =>
  backend.dev.store.get('deployments.apps', 'cmp', 'agent-registry')?.spec
    .template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'];

describe('GSV Ops over MCP', () => {
  it('lists the read tools as read-only and one tool per runbook', async () => {
    const agent = await agentFor('user:default/jane');
    const { tools } = await agent.listTools();
    const byName = new Map(
      tools.map(t => [t.name.replace(/^gsv-ops\./, ''), t]),
    );
    for (const read of [
      'get-ops-summary',
      'list-certificates',
      'list-backups',
      'get-alerts-and-recommendations',
      'list-recent-operations',
      'get-operation',
      'get-platform-health',
      'check-service-health',
      'check-database-restorable',
    ]) {
      expect({
        read,
        hint: byName.get(read)?.annotations?.readOnlyHint,
      }).toEqual({ read, hint: true });
    }
    const restart = byName.get('deployment-restart');
    expect(restart?.annotations).toMatchObject({ readOnlyHint: false });
    expect(restart?.description).toMatch(
      /without reviewedDryRunId — a dry run that changes nothing/,
    );
    expect(restart?.inputSchema.required).toEqual(
      expect.arrayContaining(['entityRef', 'cluster', 'parameters']),
    );
    expect(byName.get('workload-cleanup')?.annotations?.destructiveHint).toBe(
      true,
    );
  });

  it('reads a service summary with the caller’s credentials', async () => {
    const jane = await agentFor('user:default/jane');
    const { output } = await call(jane, 'get-ops-summary', {
      entityRef: AGENT_REGISTRY,
      cluster: 'gsv-dev',
    });
    expect(JSON.stringify(output.summary)).toContain('agent-registry');
  });

  it('checks a service’s health and whether its database can be restored, as the chained runbooks do', async () => {
    const jane = await agentFor('user:default/jane');
    const writesBefore = writeCount(backend.dev);
    const health = await call(jane, 'check-service-health', {
      entityRef: AGENT_REGISTRY,
      cluster: 'gsv-dev',
    });
    // the seed's dev wildcard certificate expired two days ago
    expect(health.output.check).toMatchObject({
      entityRef: AGENT_REGISTRY,
      healthy: false,
      findings: [
        {
          level: 'critical',
          code: 'certificate.expired',
          cluster: 'gsv-dev',
          object: { kind: 'Certificate', name: 'wildcard-dev-tls' },
        },
      ],
      summary: `${AGENT_REGISTRY} is unhealthy: Certificate cert-manager/wildcard-dev-tls expired 2 days ago`,
    });

    const database = {
      entityRef: 'resource:default/cmp-postgres',
      cluster: 'gsv-dev',
    };
    const recent = await call(jane, 'check-database-restorable', database);
    expect(recent.output.check).toMatchObject({
      restorable: true,
      namespace: 'cmp',
      name: 'cmp-postgres',
      blockers: [],
      warnings: [expect.objectContaining({ id: 'never-rehearsed' })],
    });
    const { window, targetTime } = recent.output.check;
    expect(Date.parse(window.from)).toBeLessThanOrEqual(Date.parse(targetTime));
    expect(Date.parse(targetTime)).toBeLessThanOrEqual(Date.parse(window.to));

    const tooEarly = await call(jane, 'check-database-restorable', {
      ...database,
      targetTime: '2001-01-01T00:00:00+02:00',
    });
    expect(tooEarly.output.check).toMatchObject({
      restorable: false,
      targetTime: '2000-12-31T22:00:00.000Z',
      blockers: [{ id: 'window-not-covering', runbook: 'database-backup' }],
    });

    expect(
      await call(jane, 'check-database-restorable', {
        ...database,
        targetTime: '2026-11-24T10:00:00',
      }),
    ).toEqual({
      error:
        'InputError: targetTime: "2026-11-24T10:00:00" is not an ISO 8601 time with a zone, e.g. 2026-11-24T10:00:00Z',
    });
    expect(
      await call(jane, 'check-database-restorable', {
        entityRef: AGENT_REGISTRY,
        database: 'nope',
      }),
    ).toEqual({
      error: `NotFoundError: ${AGENT_REGISTRY}: No CloudNativePG database (nope) belongs to this entity`,
    });
    expect(writeCount(backend.dev)).toBe(writesBefore);
  });

  it('plans a restart, changes nothing, then runs exactly the reviewed plan', async () => {
    const jane = await agentFor('user:default/jane');
    const before = restartedAt();
    const writesBefore = writeCount(backend.dev);
    const input = {
      entityRef: AGENT_REGISTRY,
      cluster: 'gsv-dev',
      parameters: RESTART,
    };

    const plan = await call(jane, 'deployment-restart', input);
    expect(plan.output).toMatchObject({ dryRun: true, status: 'succeeded' });
    expect(plan.output.next).toMatch(
      /only if they agree, call this action again/,
    );
    expect(plan.output.plan).toContain('restartedAt');
    expect(writeCount(backend.dev)).toBe(writesBefore);
    expect(restartedAt()).toBe(before);

    const other = await call(jane, 'deployment-restart', {
      ...input,
      parameters: { ...RESTART, timeoutSeconds: 60 },
      reviewedDryRunId: plan.output.dryRunId,
    });
    expect(other.error).toMatch(/review/i);
    expect(writeCount(backend.dev)).toBe(writesBefore);

    const run = await call(jane, 'deployment-restart', {
      ...input,
      reviewedDryRunId: plan.output.dryRunId,
    });
    expect(run.output).toMatchObject({
      dryRun: false,
      operationId: expect.any(String),
    });
    await eventually(async () => {
      const { output } = await call(jane, 'get-operation', {
        operationId: run.output.operationId,
      });
      expect(output.operation).toMatchObject({
        status: 'succeeded',
        origin: 'agent:mcp-actions',
        initiatedBy: 'user:default/jane',
      });
    });
    expect(restartedAt()).not.toBe(before);
    expect(writeCount(backend.dev)).toBe(writesBefore + 1);
    expect(backend.dev.requestLog.writes().at(-1)).toMatchObject({
      verb: 'patch',
      resource: 'deployments',
      namespace: 'cmp',
      name: 'agent-registry',
    });
  });

  it('scales through the autoscaler: a direct scale of an autoscaled deployment is refused, its HPA bounds change', async () => {
    const jane = await agentFor('user:default/jane');
    const writesBefore = writeCount(backend.dev);
    const direct = await call(jane, 'deployment-scale', {
      entityRef: AGENT_REGISTRY,
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        deployment: 'agent-registry',
        replicas: 5,
      },
    });
    expect(direct.error).toMatch(
      /HPA cmp\/agent-registry \(min 2, max 10\) manages agent-registry: scale through the Scale autoscaler runbook \(set min to 5\) instead/,
    );
    const input = {
      entityRef: AGENT_REGISTRY,
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        autoscaler: 'agent-registry',
        minReplicas: 5,
      },
    };
    const plan = await call(jane, 'autoscaler-scale', input);
    expect(plan.output).toMatchObject({ dryRun: true, status: 'succeeded' });
    expect(plan.output.plan).toContain('minReplicas: 5');
    expect(writeCount(backend.dev)).toBe(writesBefore);
    const run = await call(jane, 'autoscaler-scale', {
      ...input,
      reviewedDryRunId: plan.output.dryRunId,
    });
    await eventually(async () => {
      const { output } = await call(jane, 'get-operation', {
        operationId: run.output.operationId,
      });
      expect(output.operation).toMatchObject({
        status: 'succeeded',
        origin: 'agent:mcp-actions',
      });
    });
    expect(
      backend.dev.store.get(
        'horizontalpodautoscalers.autoscaling',
        'cmp',
        'agent-registry',
      )?.spec.minReplicas,
    ).toBe(5);
  });

  it('refuses a non-owner and production outside its window; nothing reaches the clusters', async () => {
    const writes = [writeCount(backend.dev), writeCount(backend.prod)];
    const bob = await agentFor('user:default/bob');
    const notOwner = await call(bob, 'deployment-restart', {
      entityRef: AGENT_REGISTRY,
      cluster: 'gsv-dev',
      parameters: RESTART,
    });
    expect(notOwner.error).toMatch(/not allowed|permission/i);

    const pat = await agentFor('user:default/pat');
    const outside = await call(pat, 'deployment-restart', {
      entityRef: AGENT_REGISTRY,
      cluster: 'gsv-prod',
      parameters: RESTART,
    });
    expect(outside.error).toMatch(
      /outside its maintenance window \(next: .*'Leap day'\)/,
    );
    expect([writeCount(backend.dev), writeCount(backend.prod)]).toEqual(writes);
  });

  it('answers awaiting-approval for a production run, which starts once another platform engineer approves it', async () => {
    const pat = await agentFor('user:default/pat');
    const writes = writeCount(backend.prod);
    const input = {
      entityRef: AGENT_REGISTRY,
      cluster: 'gsv-prod',
      parameters: RESTART,
      incident: { id: 'INC-2041', severity: 'P2' },
    };
    const plan = await call(pat, 'deployment-restart', input);
    expect(plan.output).toMatchObject({ dryRun: true, status: 'succeeded' });
    const run = await call(pat, 'deployment-restart', {
      ...input,
      reviewedDryRunId: plan.output.dryRunId,
    });
    expect(run.output).toMatchObject({
      status: 'awaiting-approval',
      summary: expect.stringMatching(
        /^Pending approval: 1 approval from group:default\/platform-team needed by /,
      ),
      next: expect.stringMatching(/waits for approval by another member/),
    });
    expect(writeCount(backend.prod)).toBe(writes);

    const approve = (user: string) =>
      fetch(
        `${baseUrl}/api/gsv-ops/operations/${run.output.operationId}/approve`,
        {
          method: 'POST',
          headers: {
            Authorization: mockCredentials.user.header(user),
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ comment: 'INC-2041 needs it' }),
        },
      );
    expect((await approve('user:default/pat')).status).toBe(403);
    expect((await approve('user:default/paula')).status).toBe(200);
    await eventually(async () => {
      const { output } = await call(pat, 'get-operation', {
        operationId: run.output.operationId,
      });
      expect(output.operation).toMatchObject({
        status: 'succeeded',
        approval: { status: 'approved', votes: [{ by: 'user:default/paula' }] },
      });
    });
    expect(writeCount(backend.prod)).toBe(writes + 1);
  });
});
