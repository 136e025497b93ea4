import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { RUNBOOKS, type RunbookId } from '@gsv/plugin-gsv-ops-common';
import { z } from 'zod';
import { parseWith } from '../../config/parseWith';

/** One line of `gsvOps.operations.approvals.rules`: which operations need how many approvals from whom. */
export interface ApprovalRule {
  /** The rule applies to these runbooks; to all when absent. */
  runbooks?: RunbookId[];
  /** The rule applies in these environments; in all when absent. */
  environments?: string[];
  /** Approvals needed; 0 means none. */
  approvers: number;
  /** The group the approvers belong to. */
  group: string;
}

export interface ApprovalsConfig {
  /** In order: the first rule that matches an operation decides. */
  rules: ApprovalRule[];
  /** How long approvers have, from the request. */
  expiresAfterMs: number;
}

/** What an operation needs before it runs. */
export interface ApprovalRequirement {
  required: number;
  group: string;
}

const DEFAULT_PLATFORM_TEAM = 'group:default/platform-team';

const runbookIds = RUNBOOKS.map(r => r.id) as [RunbookId, ...RunbookId[]];

const groupRef = z.string().transform((value, ctx) => {
  try {
    const ref = parseEntityRef(value, { defaultKind: 'group', defaultNamespace: 'default' });
    if (ref.kind.toLocaleLowerCase('en-US') === 'group') return stringifyEntityRef(ref);
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: `'${value}' is not a group entity ref (group:default/platform-team)` });
  return z.NEVER;
});

const schema = z
  .object({
    expiresAfterMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
    group: groupRef.optional(),
    rules: z
      .array(
        z
          .object({
            runbooks: z.array(z.enum(runbookIds)).min(1).optional(),
            environments: z.array(z.string().min(1).max(64)).min(1).optional(),
            approvers: z.number().int().min(0).max(10),
            group: groupRef.optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

/**
 * `gsvOps.operations.approvals` (see config.d.ts). Without rules: a switchover or a restore anywhere, and any real run
 * in prod, need one approval from the platform team (the first of `gsvOps.policy.platformTeams`).
 */
export function readApprovalsConfig(config: Config): ApprovalsConfig {
  const path = 'gsvOps.operations.approvals';
  const parsed = parseWith(schema, config.getOptional(path) ?? {}, path);
  const platformTeam = config.getOptionalStringArray('gsvOps.policy.platformTeams')?.[0] ?? DEFAULT_PLATFORM_TEAM;
  const group = parsed.group ?? platformTeam;
  const rules: ApprovalRule[] = (
    parsed.rules ?? [
      { runbooks: ['database-switchover', 'database-restore'] as RunbookId[], approvers: 1 },
      { environments: ['prod'], approvers: 1 },
    ]
  ).map(rule => ({ ...rule, group: rule.group ?? group }));
  return { rules, expiresAfterMs: (parsed.expiresAfterMinutes ?? 60) * 60_000 };
}

/** The approval a real run of `runbook` in `environment` needs, or undefined when it needs none. */
export function approvalRequirement(config: ApprovalsConfig, runbook: RunbookId, environment: string): ApprovalRequirement | undefined {
  const rule = config.rules.find(
    r => (!r.runbooks || r.runbooks.includes(runbook)) && (!r.environments || r.environments.includes(environment)),
  );
  if (!rule || rule.approvers === 0) return undefined;
  return { required: rule.approvers, group: rule.group };
}
