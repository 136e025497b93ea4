import { invalid } from '../api/errors';
import { rfc3339 } from '../api/format';
import type { KubeObject } from '../api/types';

/**
 * `POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token` (TokenRequest, `kubectl create token`): a bearer
 * token that authenticates as the service account, with the API server's defaults and limits on its lifetime.
 * The emulator's tokens are opaque, not JWTs, and stay valid while the cluster runs.
 */

const DEFAULT_EXPIRATION_SECONDS = 3600;
const MINIMUM_EXPIRATION_SECONDS = 600;
const MAXIMUM_EXPIRATION_SECONDS = 2 ** 32;
export const DEFAULT_AUDIENCES = ['https://kubernetes.default.svc.cluster.local'];

export function answerTokenRequest(request: KubeObject, serviceAccount: KubeObject, issue: () => string, now: number): KubeObject {
  const name = serviceAccount.metadata.name ?? '';
  const expirationSeconds: number = request.spec?.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MINIMUM_EXPIRATION_SECONDS) {
    throw invalid('TokenRequest', 'authentication.k8s.io', name, [
      { reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes` },
    ]);
  }
  if (expirationSeconds > MAXIMUM_EXPIRATION_SECONDS) {
    throw invalid('TokenRequest', 'authentication.k8s.io', name, [
      { reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${expirationSeconds}: may not specify a duration larger than 2^32 seconds` },
    ]);
  }
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace: serviceAccount.metadata.namespace, creationTimestamp: rfc3339(now) },
    spec: {
      audiences: request.spec?.audiences?.length ? request.spec.audiences : DEFAULT_AUDIENCES,
      expirationSeconds,
      boundObjectRef: request.spec?.boundObjectRef ?? null,
    },
    status: { token: issue(), expirationTimestamp: rfc3339(now + expirationSeconds * 1000) },
  };
}
