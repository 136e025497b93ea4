import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { UserInfo } from '../api/types';

/** An IAM identity the cluster knows, as aws-auth's `mapUsers` maps it: its key pair and its Kubernetes user. */
export interface AwsIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  /** The Kubernetes user name, e.g. `arn:aws:iam::111122223333:user/gsv-ops`. */
  username: string;
  groups?: string[];
}

export interface AwsAuthOptions {
  /** The cluster id the token must be signed for (`x-k8s-aws-id`; EKS: the cluster name). */
  clusterId: string;
  identities: AwsIdentity[];
}

const TOKEN_PREFIX = 'k8s-aws-v1.';
/** aws-iam-authenticator accepts a presigned request for 15 minutes after its X-Amz-Date. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
const STS_HOST = /^sts(\.[a-z0-9-]+)?\.amazonaws\.com$/;

/**
 * Verifies the bearer tokens EKS clients send (`aws eks get-token`, Backstage's `aws` auth strategy): a presigned STS
 * `GetCallerIdentity` URL, base64url-encoded behind `k8s-aws-v1.`. A real EKS cluster has STS check the signature;
 * with no network here, the embedded cluster signs the same request again with the identity's secret key (the
 * maintained SigV4 signer of the AWS SDK) and compares the signatures — so a token of another key, for another
 * cluster, or tampered with, is refused like on EKS.
 */
export class AwsTokenVerifier {
  constructor(private readonly options: AwsAuthOptions, private readonly now: () => number = Date.now) {}

  static isAwsToken(token: string): boolean {
    return token.startsWith(TOKEN_PREFIX);
  }

  async verify(token: string): Promise<UserInfo | undefined> {
    const url = decode(token);
    if (!url || url.protocol !== 'https:' || !STS_HOST.test(url.hostname)) return undefined;
    const query = Object.fromEntries(url.searchParams);
    if (query.Action !== 'GetCallerIdentity' || query['X-Amz-Algorithm'] !== 'AWS4-HMAC-SHA256') return undefined;
    const [accessKeyId, , region, service] = (query['X-Amz-Credential'] ?? '').split('/');
    const identity = this.options.identities.find(i => i.accessKeyId === accessKeyId);
    const signedAt = parseAmzDate(query['X-Amz-Date']);
    if (!identity || service !== 'sts' || signedAt === undefined) return undefined;
    if (Math.abs(this.now() - signedAt) > TOKEN_LIFETIME_MS) return undefined;
    if ((query['X-Amz-SignedHeaders'] ?? '') !== 'host;x-k8s-aws-id') return undefined;
    // temporary credentials (an assumed role) would need STS itself to check: the identities here are static keys
    if (query['X-Amz-Security-Token']) return undefined;

    const signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey: identity.secretAccessKey },
      region,
      service: 'sts',
      sha256: Sha256,
    });
    const { 'X-Amz-Signature': signature, ...unsigned } = query;
    const expected = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: url.hostname,
        path: url.pathname,
        headers: { host: url.hostname, 'x-k8s-aws-id': this.options.clusterId },
        query: withoutAmzParams(unsigned),
      },
      { signingDate: new Date(signedAt), expiresIn: Number(query['X-Amz-Expires'] ?? 0) },
    );
    if (expected.query?.['X-Amz-Signature'] !== signature) return undefined;
    return { username: identity.username, groups: [...(identity.groups ?? []), 'system:authenticated'] };
  }
}

function decode(token: string): URL | undefined {
  try {
    return new URL(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `20261206T101500Z` → epoch ms. */
function parseAmzDate(value: string | undefined): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** The request's own query (Action, Version, …): the signer adds the X-Amz-* parameters itself. */
function withoutAmzParams(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([key]) => !key.startsWith('X-Amz-')));
}
