import { mockCredentials } from '@backstage/backend-test-utils';
import {
  isTerminalStatus,
  type OperationRecord,
} from '@gsv/plugin-gsv-ops-common';

const USER = mockCredentials.user.header('user:default/guest');

/** One request to the live backend as the guest user; the body as JSON when it is JSON, else as text. */
export async function call<T>(
  baseUrl: string,
  method: 'GET' | 'POST',
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: {
      Authorization: USER,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body: parsed };
}

export function errorText(body: any): string {
  return (
    body?.error?.message ??
    (typeof body === 'string' ? body : JSON.stringify(body))
  );
}

/** The gsv-ops route of a catalog entity, e.g. `/api/gsv-ops/entities/component/default/agent-registry`. */
export function entityPath(entityRef: string): string {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return `/api/gsv-ops/entities/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/** Reads the operation until it ends, for at most a minute. */
export async function followOperation(
  baseUrl: string,
  record: OperationRecord,
): Promise<OperationRecord> {
  let current = record;
  for (let i = 0; i < 120 && !isTerminalStatus(current.status); i++) {
    await new Promise(resolve => setTimeout(resolve, 500));
    current = (
      await call<OperationRecord>(
        baseUrl,
        'GET',
        `/api/gsv-ops/operations/${current.id}`,
      )
    ).body;
  }
  return current;
}
