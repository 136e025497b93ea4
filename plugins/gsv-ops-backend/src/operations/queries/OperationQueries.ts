import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  gsvOpsEntityReadPermission,
  type OperationList,
  type OperationRecord,
  type PendingApprovalList,
} from '@gsv/plugin-gsv-ops-common';
import { requireAll } from '../admission/authorize';
import type { OperationsConfig } from '../config/readOperationsConfig';
import { messageOf } from '../errors';
import { toRecord } from '../records';
import type { OperationStore, StoredOperation } from '../store/types';

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
    const entityRef = await this.readableEntityRef(query.entityRef, credentials);
    const items = await store.list({ entityRef, limit });
    return { items: (entityRef ? items : await this.readable(items, credentials)).map(toRecord) };
  }

  /**
   * `GET /approvals?entityRef=`: operations waiting for approval or for a review after an emergency run, of entities
   * the caller may read, each with the reviewed dry run's plan and whether the caller may decide.
   */
  async listApprovals(
    query: { entityRef?: string },
    credentials: BackstageCredentials,
    whyNot: (op: StoredOperation) => Promise<string | undefined>,
  ): Promise<PendingApprovalList> {
    const { store, config } = this.options;
    const entityRef = await this.readableEntityRef(query.entityRef, credentials);
    const found = await store.listOpenApprovals({ entityRef, limit: config.listMaxLimit });
    const ops = entityRef ? found : await this.readable(found, credentials);
    const items = await Promise.all(
      ops.map(async op => {
        const reviewed = op.reviewedDryRunId ? await store.get(op.reviewedDryRunId) : undefined;
        const reason = await whyNot(op);
        return {
          operation: toRecord(op),
          plan: (reviewed?.steps ?? []).filter(s => s.name === 'plan' || s.detail?.diff !== undefined),
          canDecide: reason === undefined,
          ...(reason ? { whyNot: reason } : {}),
        };
      }),
    );
    return { items };
  }

  /** The canonical entity ref of the query, after checking the caller may read it; undefined for "all". */
  private async readableEntityRef(raw: string | undefined, credentials: BackstageCredentials): Promise<string | undefined> {
    if (!raw) return undefined;
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(parseEntityRef(raw));
    } catch (e) {
      throw new InputError(`Invalid entityRef '${raw}': ${messageOf(e)}`);
    }
    await this.requireRead(entityRef, credentials);
    return entityRef;
  }

  /** Only the operations of entities the caller may read. */
  private async readable(items: StoredOperation[], credentials: BackstageCredentials): Promise<StoredOperation[]> {
    const refs = [...new Set(items.map(i => i.entityRef))];
    const decisions = refs.length
      ? await this.options.permissions.authorize(
          refs.map(resourceRef => ({ permission: gsvOpsEntityReadPermission, resourceRef })),
          { credentials },
        )
      : [];
    const allowed = new Set(refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW));
    return items.filter(i => allowed.has(i.entityRef));
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
