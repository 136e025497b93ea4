import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gsvOpsEntityReadPermission, type OperationList, type OperationRecord } from '@gsv/plugin-gsv-ops-common';
import { requireAll } from '../admission/authorize';
import type { OperationsConfig } from '../config/readOperationsConfig';
import { messageOf } from '../errors';
import { toRecord } from '../records';
import type { OperationStore } from '../store/types';

/** The audit log as the API reads it: one operation, or the recent ones, only of entities the caller may read. */
export class OperationQueries {
  constructor(
    private readonly options: { store: OperationStore; permissions: PermissionsService; config: OperationsConfig },
  ) {}

  /** `GET /operations/:id`: needs gsv-ops.entity.read on the operation's entity. */
  async get(id: string, credentials: BackstageCredentials): Promise<OperationRecord> {
    const op = await this.options.store.get(id);
    if (!op) throw new NotFoundError(`No operation with id ${id}`);
    await this.requireRead(op.entityRef, credentials);
    return toRecord(op);
  }

  /** `GET /operations?entityRef=&limit=`: most recent first, only those of entities the caller may read. */
  async list(query: { entityRef?: string; limit?: number }, credentials: BackstageCredentials): Promise<OperationList> {
    const { store, config } = this.options;
    const limit = Math.min(query.limit ?? config.listDefaultLimit, config.listMaxLimit);
    if (query.entityRef) {
      let entityRef: string;
      try {
        entityRef = stringifyEntityRef(parseEntityRef(query.entityRef));
      } catch (e) {
        throw new InputError(`Invalid entityRef '${query.entityRef}': ${messageOf(e)}`);
      }
      await this.requireRead(entityRef, credentials);
      return { items: (await store.list({ entityRef, limit })).map(toRecord) };
    }
    const items = await store.list({ limit });
    const refs = [...new Set(items.map(i => i.entityRef))];
    const decisions = refs.length
      ? await this.options.permissions.authorize(
          refs.map(resourceRef => ({ permission: gsvOpsEntityReadPermission, resourceRef })),
          { credentials },
        )
      : [];
    const allowed = new Set(refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW));
    return { items: items.filter(i => allowed.has(i.entityRef)).map(toRecord) };
  }

  private requireRead(entityRef: string, credentials: BackstageCredentials) {
    return requireAll(
      this.options.permissions,
      [{ permission: gsvOpsEntityReadPermission, why: `see the operations of ${entityRef}` }],
      entityRef,
      credentials,
    );
  }
}
