import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import {
  isTerminalStatus,
  type OperationRecord,
  type OperationStatus,
  type OperationStep,
  type StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';

export const ENGINE_BASE_URL = 'http://gsv-ops.test/api/gsv-ops';

/** A discovery service that points the gsv-ops client at the fake engine. */
export const fakeDiscovery = {
  getBaseUrl: async (pluginId: string) => {
    if (pluginId !== 'gsv-ops')
      throw new Error(`unexpected plugin ${pluginId}`);
    return ENGINE_BASE_URL;
  },
  getExternalBaseUrl: async (pluginId: string) =>
    `http://external.test/api/${pluginId}`,
};

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  body?: unknown;
}

/** How the next started (non-dry-run) operation behaves. */
export interface OperationScript {
  /** The steps the operation goes through, one more per read. */
  steps: Array<
    Pick<OperationStep, 'name' | 'message'> & {
      status?: OperationStep['status'];
      detail?: OperationStep['detail'];
    }
  >;
  outcome: Exclude<OperationStatus, 'pending' | 'running'> | 'hang';
  summary: string;
  result?: Record<string, unknown>;
  /** The run waits for approval for this many reads first, then is approved (runs the steps) or rejected. */
  approval?: { reads: number; decision: 'approve' | 'reject' };
}

const DEFAULT_SCRIPT: OperationScript = {
  steps: [
    { name: 'validate', message: 'Parameters are valid' },
    { name: 'policy', message: 'Inside the maintenance window of dev' },
    { name: 'lock', message: 'Locked the target' },
    {
      name: 'apply',
      message: 'Sent the change',
      detail: { diff: '- a: 1\n+ a: 2' },
    },
    { name: 'wait', message: 'Rollout complete: 2/2 ready' },
  ],
  outcome: 'succeeded',
  summary: 'Done: 2/2 replicas ready',
};

interface FakeOperation {
  record: OperationRecord;
  script: OperationScript;
  /** How many script steps are visible. */
  progress: number;
  cancelRequested: boolean;
}

/**
 * An in-memory stand-in for the gsv-ops operations API (`POST /operations`, `GET /operations/:id`,
 * `POST /operations/:id/cancel`) that follows the engine's contract: a start answers 201 with the running record
 * while execution continues; a dry run completes before the answer and carries the plan in its steps; each read
 * shows one more step until the scripted outcome.
 */
export class FakeOperationsEngine {
  readonly requests: RecordedRequest[] = [];
  readonly operations = new Map<string, FakeOperation>();
  /** The script of the next started operation. */
  script: OperationScript = DEFAULT_SCRIPT;
  /** When set, `POST /operations` answers with this error instead. */
  refuseStart?: { status: number; name: string; message: string };
  /** When set, the next `n` reads fail with this status (0 = network error). */
  failReads?: { status: number; count: number };
  initiatedBy = 'user:default/mock';
  private counter = 0;

  constructor(server: SetupServer) {
    server.use(
      http.post(`${ENGINE_BASE_URL}/operations`, async ({ request }) => {
        const body = (await request.json()) as StartOperationRequest;
        this.record(request, '/operations', body);
        if (this.refuseStart) {
          const { status, name, message } = this.refuseStart;
          return HttpResponse.json(errorBody(name, message, status), {
            status,
          });
        }
        return HttpResponse.json(this.start(body), { status: 201 });
      }),
      http.get(`${ENGINE_BASE_URL}/operations/:id`, ({ request, params }) => {
        this.record(request, `/operations/${params.id}`);
        if (this.failReads && this.failReads.count > 0) {
          this.failReads.count -= 1;
          if (this.failReads.status === 0) return HttpResponse.error();
          return HttpResponse.json(
            errorBody(
              'Error',
              `fake failure ${this.failReads.status}`,
              this.failReads.status,
            ),
            { status: this.failReads.status },
          );
        }
        const operation = this.operations.get(String(params.id));
        if (!operation) {
          return HttpResponse.json(
            errorBody('NotFoundError', `No operation ${params.id}`, 404),
            { status: 404 },
          );
        }
        this.advance(operation);
        return HttpResponse.json(operation.record);
      }),
      http.post(
        `${ENGINE_BASE_URL}/operations/:id/cancel`,
        ({ request, params }) => {
          this.record(request, `/operations/${params.id}/cancel`);
          const operation = this.operations.get(String(params.id));
          if (!operation) {
            return HttpResponse.json(
              errorBody('NotFoundError', `No operation ${params.id}`, 404),
              { status: 404 },
            );
          }
          operation.cancelRequested = true;
          return HttpResponse.json(operation.record);
        },
      ),
    );
  }

  /** Requests other than reads, i.e. the ones that could change something. */
  get writes(): RecordedRequest[] {
    return this.requests.filter(r => r.method !== 'GET');
  }

  get starts(): StartOperationRequest[] {
    return this.requests
      .filter(r => r.method === 'POST' && r.path === '/operations')
      .map(r => r.body as StartOperationRequest);
  }

  private record(request: Request, path: string, body?: unknown) {
    this.requests.push({
      method: request.method,
      path,
      authorization: request.headers.get('authorization'),
      body,
    });
  }

  private start(body: StartOperationRequest): OperationRecord {
    this.counter += 1;
    const id = `op-${this.counter}`;
    const now = new Date().toISOString();
    const record: OperationRecord = {
      id,
      runbook: body.runbook,
      entityRef: body.entityRef,
      cluster: body.cluster,
      environment: 'dev',
      target: {
        kind: 'Deployment',
        namespace: String(body.parameters.namespace ?? ''),
        name: 'target',
      },
      parameters: body.parameters,
      dryRun: body.dryRun,
      status:
        this.script.approval && !body.dryRun ? 'awaiting-approval' : 'running',
      initiatedBy: this.initiatedBy,
      origin: body.origin,
      incident: body.incident,
      createdAt: now,
      startedAt: now,
      steps: [],
    };
    const operation: FakeOperation = {
      record,
      script: this.script,
      progress: 0,
      cancelRequested: false,
    };
    this.operations.set(id, operation);
    if (body.dryRun) {
      record.steps = [
        step(0, 'validate', 'succeeded', 'Parameters are valid'),
        step(1, 'policy', 'succeeded', 'Inside the maintenance window of dev'),
        step(
          2,
          'plan',
          'succeeded',
          'Would patch 1 object (server-side dry run, dryRun=All)',
          {
            object: {
              kind: 'Deployment',
              namespace: 'cmp',
              name: 'agent-registry',
            },
            diff: '  spec.template.metadata.annotations:\n+   kubectl.kubernetes.io/restartedAt: "2026-11-24T10:00:00Z"',
          },
        ),
      ];
      record.status = 'succeeded';
      record.summary = 'Dry run: 1 object would change';
      record.finishedAt = now;
      return structuredClone(record);
    }
    if (record.status === 'awaiting-approval') {
      record.steps = [
        step(
          0,
          'approval',
          'running',
          'Waiting for 1 approval from group:default/platform-team',
        ),
      ];
      return structuredClone(record);
    }
    this.advance(operation);
    return structuredClone(record);
  }

  /** Counts down the reads of an operation waiting for approval, then approves or rejects it as scripted. */
  private decideApproval(operation: FakeOperation, now: string) {
    const approval = operation.script.approval!;
    approval.reads -= 1;
    if (approval.reads > 0) return;
    const waiting = operation.record.steps[0];
    waiting.finishedAt = now;
    if (approval.decision === 'reject') {
      waiting.status = 'failed';
      Object.assign(operation.record, {
        status: 'rejected',
        summary: 'Rejected by user:default/pat: not now. Nothing was changed.',
        finishedAt: now,
      });
      return;
    }
    waiting.status = 'succeeded';
    waiting.message =
      'Approved: 1 of 1 approval from group:default/platform-team (by user:default/pat)';
    operation.record.status = 'running';
  }

  private advance(operation: FakeOperation) {
    const { record, script } = operation;
    if (isTerminalStatus(record.status)) return;
    const now = new Date().toISOString();
    if (record.status === 'awaiting-approval' && !operation.cancelRequested) {
      this.decideApproval(operation, now);
      return;
    }
    if (operation.cancelRequested) {
      record.steps.forEach(s => {
        if (s.status === 'running') {
          s.status = 'skipped';
          s.finishedAt = now;
        }
      });
      record.steps.push(
        step(
          record.steps.length,
          'cancel',
          'succeeded',
          'Cancelled on request; stopped waiting',
        ),
      );
      record.status = 'cancelled';
      record.summary = 'Cancelled by the task';
      record.finishedAt = now;
      return;
    }
    if (operation.progress < script.steps.length) {
      // the previous step finishes, the next one starts
      const previous = record.steps[record.steps.length - 1];
      if (previous && previous.status === 'running') {
        previous.status = 'succeeded';
        previous.finishedAt = now;
      }
      const next = script.steps[operation.progress];
      const isLast = operation.progress === script.steps.length - 1;
      const status =
        next.status ??
        (isLast && script.outcome === 'failed' ? 'failed' : 'running');
      record.steps.push(
        step(record.steps.length, next.name, status, next.message, next.detail),
      );
      operation.progress += 1;
      return;
    }
    if (script.outcome === 'hang') return;
    const last = record.steps[record.steps.length - 1];
    if (last && last.status === 'running') {
      last.status = script.outcome === 'succeeded' ? 'succeeded' : 'failed';
      last.finishedAt = now;
    }
    record.status = script.outcome;
    record.summary = script.summary;
    record.result = script.result;
    record.finishedAt = now;
  }
}

/** The body Backstage's error middleware sends. */
export function errorBody(name: string, message: string, statusCode: number) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/' },
    response: { statusCode },
  };
}

function step(
  index: number,
  name: string,
  status: OperationStep['status'],
  message: string,
  detail?: OperationStep['detail'],
): OperationStep {
  const now = new Date().toISOString();
  return {
    index,
    name,
    status,
    message,
    startedAt: now,
    ...(status === 'running' ? {} : { finishedAt: now }),
    ...(detail ? { detail } : {}),
  };
}
