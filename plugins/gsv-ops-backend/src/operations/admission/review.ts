import { createHash } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import type { ObjectRef, RunbookId } from '@gsv/plugin-gsv-ops-common';
import stringify from 'safe-stable-stringify';
import type { OperationStore, StoredOperation } from '../store/types';

/** What a reviewed dry run and the real run must share. */
export interface ReviewSubject {
  runbook: RunbookId;
  entityRef: string;
  cluster: string;
  target: ObjectRef;
  /** The validated parameters, defaults applied. */
  parameters: Record<string, unknown>;
}

export interface ReviewConfig {
  /** Environments where a real run needs a reviewed dry run; always includes `prod`. */
  requiredIn: string[];
  /** How old a reviewed dry run may be when the real run starts. */
  maxAgeMs: number;
}

/** sha256 of the subject as canonical JSON (keys sorted at every level). */
export function requestHash(subject: ReviewSubject): string {
  return createHash('sha256').update(stringify(normalise(subject))).digest('hex');
}

function normalise(subject: ReviewSubject): ReviewSubject {
  const { kind, namespace, name } = subject.target;
  return { ...subject, target: { kind, ...(namespace ? { namespace } : {}), name } };
}

/**
 * The review of a real run, enforced by the server: the dry run it names must be a successful dry run of the same
 * request by the same person, recent enough, and not used before. Returns the dry run's id, or undefined when the
 * environment needs no review and none was named. Throws InputError (nothing named, unknown id, not a dry run) or
 * ConflictError (stale, different, someone else's, already used) that says what differs.
 */
export async function checkReview(options: {
  store: OperationStore;
  config: ReviewConfig;
  subject: ReviewSubject;
  environment: string;
  reviewedDryRunId?: string;
  initiatedBy: string;
  now: number;
  title: string;
}): Promise<string | undefined> {
  const { store, config, subject, environment, reviewedDryRunId: id } = options;
  if (!id) {
    if (!config.requiredIn.includes(environment)) return undefined;
    throw new InputError(
      `A real run of '${options.title}' in ${environment} needs the dry run you reviewed: start it with dryRun: true, ` +
        `review the plan, then send its id as reviewedDryRunId`,
    );
  }
  const reviewed = await store.get(id);
  if (!reviewed) {
    throw new InputError(`The reviewed dry run ${id} does not exist (or was deleted); run the dry run again`);
  }
  if (!reviewed.dryRun) throw new InputError(`Operation ${id} is a real run, not a dry run`);
  if (reviewed.status !== 'succeeded') {
    throw new ConflictError(`The reviewed dry run ${id} ended ${reviewed.status}, not succeeded; run the dry run again`);
  }
  if (reviewed.initiatedBy !== options.initiatedBy) {
    throw new ConflictError(
      `The reviewed dry run ${id} was run by ${reviewed.initiatedBy}, not by you (${options.initiatedBy}); run it yourself`,
    );
  }
  if (reviewed.requestHash !== requestHash(subject)) {
    const differences = differencesOf(reviewed, subject);
    throw new ConflictError(
      `The reviewed dry run ${id} planned a different request: ${differences.join('; ') || 'its plan is of an earlier version'}. Run the dry run of this request and review it`,
    );
  }
  const reviewedAt = Date.parse(reviewed.finishedAt ?? reviewed.createdAt);
  const ageMs = options.now - reviewedAt;
  if (ageMs > config.maxAgeMs) {
    throw new ConflictError(
      `The reviewed dry run ${id} is ${Math.round(ageMs / 60_000)} min old; a plan is valid for ${Math.round(
        config.maxAgeMs / 60_000,
      )} min. Run the dry run again and review it`,
    );
  }
  const usedBy = await store.findByReviewedDryRun(id);
  if (usedBy) {
    throw new ConflictError(`The reviewed dry run ${id} was already used by operation ${usedBy}; run the dry run again`);
  }
  return id;
}

/** What the dry run planned that this request does not, in words: "parameters.replicas: 3 planned, 5 now". */
function differencesOf(reviewed: StoredOperation, subject: ReviewSubject): string[] {
  const out: string[] = [];
  const compare = (what: string, planned: unknown, now: unknown) => {
    if (stringify(planned) !== stringify(now)) out.push(`${what}: ${show(planned)} planned, ${show(now)} now`);
  };
  compare('runbook', reviewed.runbook, subject.runbook);
  compare('entity', reviewed.entityRef, subject.entityRef);
  compare('cluster', reviewed.cluster, subject.cluster);
  compare('target', describeTarget(reviewed.target), describeTarget(subject.target));
  const keys = new Set([...Object.keys(reviewed.parameters), ...Object.keys(subject.parameters)]);
  for (const key of [...keys].sort()) {
    compare(`parameters.${key}`, reviewed.parameters[key], subject.parameters[key]);
  }
  return out;
}

function describeTarget(target: ObjectRef): string {
  return `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value;
  return stringify(value) ?? String(value);
}
