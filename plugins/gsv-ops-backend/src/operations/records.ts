import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ObjectRef, OperationRecord } from '@gsv/plugin-gsv-ops-common';
import type { StoredOperation } from './store/types';

/** The public record of a stored operation, without the engine's bookkeeping. */
export function toRecord(op: StoredOperation): OperationRecord {
  const { holder, leaseExpiresAt, cancelRequestedAt, cancelRequestedBy, requestHash: _hash, ...record } = op;
  return record;
}

/** Who is behind the credentials, as the audit log names them: a user's entity ref, or `service:<subject>`. */
export function principalOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return `service:${p.subject}`;
  return p.type;
}

/** `Deployment cmp/agent-registry`. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** The lock key of a target: one per object per cluster. */
export function lockTargetOf(cluster: string, ref: { kind: string; namespace?: string; name: string }): string {
  return `${cluster}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** The object a lock key names, as messages name objects (`Deployment cmp/agent-registry`). */
export function describeLockTarget(key: string): string {
  const [, kind, namespace, ...name] = key.split('/');
  return describeRef({ kind, ...(namespace ? { namespace } : {}), name: name.join('/') });
}

/** Ends a message with a full stop unless it already ends a sentence. */
export function sentence(s: string): string {
  return /[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`;
}

export function capitalizeFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
