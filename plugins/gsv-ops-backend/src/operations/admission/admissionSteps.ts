import type { OperationStep } from '@gsv/plugin-gsv-ops-common';
import type { PolicyDecision } from '../policy/OperationsPolicy';
import type { AdmittedOperation } from './Admission';

const iso = (t: number) => new Date(t).toISOString();

/** The steps admission did before the record existed: validate (input, target, review) and policy. */
export function admissionSteps(op: AdmittedOperation, finishedAt: number): Array<Omit<OperationStep, 'index'>> {
  const { targetRef: t } = op;
  const validated = [
    `Parameters valid; ${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name} belongs to ${op.entityRef} in cluster ${op.cluster.name} (${op.environment})`,
    ...(op.reviewedDryRunId ? [`reviewed as dry run ${op.reviewedDryRunId}`] : []),
    ...(op.preflight.notes ?? []),
  ].join('; ');
  return [
    { name: 'validate', status: 'succeeded', message: validated, startedAt: iso(op.startedAt), finishedAt: iso(finishedAt) },
    policyStep(op.decision, `permission ${op.checks.map(c => c.permission.name).join(', ')} granted`, op.startedAt, finishedAt),
  ];
}

/** The policy decision (window, freeze, incident override) as a step. */
export function policyStep(decision: PolicyDecision, note: string, startedAt: number, finishedAt: number): Omit<OperationStep, 'index'> {
  return {
    name: 'policy',
    status: 'succeeded',
    message: `${decision.message}; ${note}`,
    startedAt: iso(startedAt),
    finishedAt: iso(finishedAt),
    detail: { overrideUsed: decision.overrideUsed, ...(decision.window ? { window: decision.window } : {}) },
  };
}

/** The locks taken, as a step. */
export function lockStep(lockTargets: string[], leaseMs: number, startedAt: number, finishedAt: number): Omit<OperationStep, 'index'> {
  const lease = Math.round(leaseMs / 1000);
  return {
    name: 'lock',
    status: 'succeeded',
    message: `Holding ${lockTargets.length === 1 ? 'the lock' : `${lockTargets.length} locks`} on ${lockTargets.join(', ')} (lease ${lease} s, renewed while running)`,
    startedAt: iso(startedAt),
    finishedAt: iso(finishedAt),
  };
}

/** Numbers steps from 0 in order. */
export function indexed(steps: Array<Omit<OperationStep, 'index'>>): OperationStep[] {
  return steps.map((step, index) => ({ ...step, index }));
}
