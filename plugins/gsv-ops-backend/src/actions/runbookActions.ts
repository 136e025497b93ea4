import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import {
  incidentOverrideSchema,
  RUNBOOKS,
  runbookParameterSchemas,
  type OperationRecord,
  type RunbookDefinition,
} from '@gsv/plugin-gsv-ops-common';
import type { OperationsEngine } from '../operations/OperationsEngine';

/** What the engine records as the channel of an operation an agent started. */
export const AGENT_ORIGIN = 'agent:mcp-actions';

/**
 * One action per runbook, through the same engine as the Ops tab and the templates: the caller's permission on the
 * entity, the target's ownership, the policy (windows, freezes, caps), the per-target lock and the audit log. Without
 * `reviewedDryRunId` an action only plans (a server-side dry run) and says how to confirm; with it, it runs that
 * reviewed plan — the engine refuses anything else.
 */
export function registerRunbookActions(
  registry: ActionsRegistryService,
  deps: { engine: OperationsEngine; opsTabUrl: (entityRef: string) => string },
) {
  for (const runbook of RUNBOOKS)
    registerRunbookAction(registry, runbook, deps);
}

function registerRunbookAction(
  registry: ActionsRegistryService,
  runbook: RunbookDefinition,
  deps: { engine: OperationsEngine; opsTabUrl: (entityRef: string) => string },
) {
  registry.register({
    name: runbook.id,
    title: runbook.title,
    description: describeForAgents(runbook),
    attributes: {
      destructive: runbook.destructive,
      readOnly: false,
      idempotent: false,
    },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The catalog entity the target belongs to, e.g. component:default/agent-registry',
            ),
          cluster: z
            .string()
            .describe('The cluster, as get-ops-summary names it, e.g. gsv-dev'),
          parameters: runbookParameterSchemas[runbook.id].describe(
            'What to do, as this runbook takes it',
          ),
          reviewedDryRunId: z
            .string()
            .uuid()
            .optional()
            .describe(
              'Leave out to plan (a dry run). To apply, the dryRunId of the plan the user reviewed, with the same parameters',
            ),
          incident: incidentOverrideSchema
            .optional()
            .describe(
              'Only to act outside a maintenance window under a declared P1/P2 incident',
            ),
        }),
      output: z =>
        z.object({
          operationId: z.string(),
          dryRun: z.boolean(),
          status: z
            .string()
            .describe(
              'succeeded / failed for a plan; pending or running for a started operation; awaiting-approval when a second person must approve it first',
            ),
          summary: z.string(),
          plan: z
            .string()
            .optional()
            .describe('The diff of every object the operation would change'),
          dryRunId: z
            .string()
            .optional()
            .describe('Pass as reviewedDryRunId to apply this plan'),
          next: z.string().describe('What to do next'),
          opsTabUrl: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      requirePerson(credentials, runbook);
      const reviewed = input.reviewedDryRunId;
      const record = await deps.engine.start(
        {
          runbook: runbook.id,
          entityRef: input.entityRef,
          cluster: input.cluster,
          parameters: input.parameters as Record<string, unknown>,
          dryRun: !reviewed,
          ...(reviewed ? { reviewedDryRunId: reviewed } : {}),
          ...(input.incident ? { incident: input.incident } : {}),
          origin: AGENT_ORIGIN,
        },
        credentials,
      );
      return { output: outputOf(record, deps.opsTabUrl(record.entityRef)) };
    },
  });
}

/** Runbooks change clusters on behalf of a person, who is named in the audit log: a service token is not enough. */
function requirePerson(
  credentials: BackstageCredentials,
  runbook: RunbookDefinition,
) {
  const { type } = credentials.principal as { type: string };
  if (type !== 'user') {
    throw new NotAllowedError(
      `'${runbook.title}' runs on behalf of a signed-in person (the audit log names them); this caller is a ${type}`,
    );
  }
}

function outputOf(record: OperationRecord, opsTabUrl: string) {
  const base = {
    operationId: record.id,
    dryRun: record.dryRun,
    status: record.status,
    summary: record.summary ?? '',
    opsTabUrl,
  };
  if (record.status === 'awaiting-approval') {
    const approval = record.approval!;
    return {
      ...base,
      summary: `Pending approval: ${approval.required} approval${approval.required === 1 ? '' : 's'} from ${approval.group} needed by ${approval.expiresAt}`,
      next: `Nothing has changed yet: operation ${record.id} waits for approval by another member of ${approval.group} (not the user), who sees the plan on the Ops tab. Tell the user; it starts by itself once approved. Follow it with get-operation (operationId ${record.id}).`,
    };
  }
  if (!record.dryRun) {
    return {
      ...base,
      next: `The operation runs in the background. Follow it with get-operation (operationId ${record.id}) or on the Ops tab; nothing else to confirm.`,
    };
  }
  const plan = record.steps
    .filter(step => typeof step.detail?.diff === 'string')
    .map(step => step.detail!.diff as string)
    .join('\n');
  if (record.status !== 'succeeded') {
    return {
      ...base,
      plan,
      next: 'The plan failed: nothing changed and nothing can be applied. Tell the user why (summary) and what to fix.',
    };
  }
  return {
    ...base,
    plan,
    dryRunId: record.id,
    next: `Nothing has changed yet. Show the user the summary and the plan; only if they agree, call this action again with the same input and reviewedDryRunId: ${record.id} (within 15 minutes) to apply it.`,
  };
}

/** A description for a model that has never seen the ops guide: what it does, how to use it safely. */
function describeForAgents(runbook: RunbookDefinition): string {
  return [
    `${runbook.title}: ${runbook.description}`,
    `Acts on a ${runbook.targetKind} that belongs to a Backstage catalog entity (find the entity's targets and clusters with get-ops-summary).`,
    'Two calls, always: first without reviewedDryRunId — a dry run that changes nothing and returns the plan (the diff of every object that would change) and a dryRunId; show it to the user;',
    'then, only if the user agrees, the same input with reviewedDryRunId set to that dryRunId to apply it. A plan is valid for 15 minutes and for one run.',
    'Some operations (e.g. anything in production, database switchover and restore) need approval by another person: the second call then answers awaiting-approval, and the operation starts once approved.',
    'GSV Ops refuses what the user may not do (permission, production, maintenance windows, caps, a target of another service, another operation on the same target) with a message that says why: report it, do not work around it.',
    runbook.destructive
      ? 'Destructive: say so to the user before they confirm.'
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}
