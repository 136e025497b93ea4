import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { UserInfo } from '../api/types';
import { AwsTokenVerifier } from './AwsTokenVerifier';
import { ADMIN_USERNAME, SUPERUSER_GROUP_NAME, VIEWER_USERNAME } from './identities';

/** Bearer tokens → identities, like the API server's static token file authenticator. */

/** @public */
export interface DevClusterTokens {
  /** cluster-admin (`system:masters`). */
  admin: string;
  /** The ServiceAccount backstage/gsv-backstage: GSV Ops' own identity, authorised only by the loaded RBAC. */
  backend: string;
  /**
   * The ServiceAccount backstage/backstage-kubernetes-read: the official Kubernetes plugin's read-only identity,
   * authorised only by the loaded RBAC (deploy/base/rbac-kubernetes-plugin.yaml).
   */
  kubernetesPlugin: string;
  /** A read-only user bound to the `view` role (no Secrets). */
  viewer: string;
}

export const BACKEND_SERVICE_ACCOUNT = { namespace: 'backstage', name: 'gsv-backstage' };
export const KUBERNETES_PLUGIN_SERVICE_ACCOUNT = { namespace: 'backstage', name: 'backstage-kubernetes-read' };

const TOKEN_NAMES: Array<keyof DevClusterTokens> = ['admin', 'backend', 'kubernetesPlugin', 'viewer'];

/** A fresh token for every identity, keeping those already given (tokens persisted before an identity existed). */
export function completeTokens(existing: Partial<DevClusterTokens> = {}): DevClusterTokens {
  return Object.fromEntries(TOKEN_NAMES.map(name => [name, existing[name] ?? generateToken()])) as unknown as DevClusterTokens;
}

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export class TokenAuthenticator {
  private readonly identities = new Map<string, UserInfo>();

  constructor(
    readonly tokens: DevClusterTokens,
    /** Verifies EKS-style `k8s-aws-v1.` tokens, when the cluster plays an EKS cluster. */
    private readonly aws?: AwsTokenVerifier,
  ) {
    this.identities.set(tokens.admin, { username: ADMIN_USERNAME, groups: [SUPERUSER_GROUP_NAME, 'system:authenticated'] });
    this.identities.set(tokens.backend, serviceAccountUser(BACKEND_SERVICE_ACCOUNT.namespace, BACKEND_SERVICE_ACCOUNT.name));
    this.identities.set(
      tokens.kubernetesPlugin,
      serviceAccountUser(KUBERNETES_PLUGIN_SERVICE_ACCOUNT.namespace, KUBERNETES_PLUGIN_SERVICE_ACCOUNT.name),
    );
    this.identities.set(tokens.viewer, { username: VIEWER_USERNAME, groups: ['system:authenticated'] });
  }

  /** Registers another identity (e.g. a ServiceAccount with narrower rights for a test) and returns its token. */
  issue(user: UserInfo, token: string = generateToken()): string {
    const groups = user.groups.includes('system:authenticated') ? user.groups : [...user.groups, 'system:authenticated'];
    this.identities.set(token, { ...user, groups });
    return token;
  }

  async authenticate(authorization: string | undefined): Promise<UserInfo | undefined> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    if (this.aws && AwsTokenVerifier.isAwsToken(match[1])) return this.aws.verify(match[1]);
    const presented = Buffer.from(match[1]);
    for (const [token, user] of this.identities) {
      const known = Buffer.from(token);
      if (known.length === presented.length && timingSafeEqual(known, presented)) return user;
    }
    return undefined;
  }
}
