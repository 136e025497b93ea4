import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserInfo } from '../api/types';
import { isResourceAttributes, type AuthorizationAttributes } from './RbacAuthorizer';

/** One permission a user exercised: a request the authoriser decided, with how often. */
export interface PermissionUse {
  user: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Absent for cluster-scoped requests and requests across all namespaces. */
  namespace?: string;
  allowed: boolean;
  count: number;
}

/** What a cluster writes to `GSV_DEVCLUSTER_USAGE_DIR` when it stops. */
export interface PermissionUsageFile {
  cluster: string;
  /** The RBAC files the cluster loaded: usage only proves something about the grants it ran with. */
  rbacFiles: string[];
  uses: PermissionUse[];
}

/**
 * Every (user, verb, group, resource, subresource, namespace) the API server authorised or refused for a request —
 * access reviews are questions, not uses, and are not recorded. Collected over a whole test run, it proves which
 * grants of deploy/ a feature needs (`least-privilege` check).
 */
export class PermissionUsage {
  private readonly uses = new Map<string, PermissionUse>();

  record(user: UserInfo, attributes: AuthorizationAttributes, allowed: boolean): void {
    if (!isResourceAttributes(attributes)) return;
    const { verb, group, resource, subresource, namespace } = attributes;
    const key = [user.username, verb, group, resource, subresource ?? '', namespace ?? '', allowed].join('|');
    const use = this.uses.get(key);
    if (use) {
      use.count++;
      return;
    }
    this.uses.set(key, {
      user: user.username,
      verb,
      group,
      resource,
      ...(subresource ? { subresource } : {}),
      ...(namespace ? { namespace } : {}),
      allowed,
      count: 1,
    });
  }

  /** The uses so far, of one user or of all. */
  entries(user?: string): PermissionUse[] {
    return [...this.uses.values()].filter(use => !user || use.user === user);
  }

  /** Writes the uses to a new file in `directory` (several clusters and processes write to the same one). */
  writeTo(directory: string, meta: Omit<PermissionUsageFile, 'uses'>): string {
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `${meta.cluster}-${process.pid}-${randomBytes(4).toString('hex')}.json`);
    const content: PermissionUsageFile = { ...meta, uses: this.entries() };
    writeFileSync(file, `${JSON.stringify(content)}\n`);
    return file;
  }
}
