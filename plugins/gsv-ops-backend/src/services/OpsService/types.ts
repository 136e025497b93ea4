import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  EntityOpsView,
  OpsTargetList,
  PlatformHealthView,
  RunbookTargetKind,
} from '@gsv/plugin-gsv-ops-common';

/** Conditional and long-poll reads: `If-None-Match` and `waitSeconds` (at most 30). */
export interface ConditionalReadOptions {
  /** The `If-None-Match` header as received (one or more etags, `W/` allowed). */
  ifNoneMatch?: string;
  /** With `ifNoneMatch`: wait up to this many seconds for the content to change. */
  waitSeconds?: number;
  /** Aborted when the caller goes away. */
  signal?: AbortSignal;
}

export type ConditionalResult<T> =
  | { notModified: true; etag: string }
  /** `body` is `value` serialised once and shared by every viewer of the same content. */
  | {
      notModified: false;
      etag: string;
      value: T;
      body: string;
      /** `body` gzipped, made once per content like `body` (absent: the server compresses it if it does). */
      gzipped?: () => Buffer;
    };

/** The read side of GSV Ops. Every method takes the caller's credentials. */
export interface OpsService {
  getEntityView(
    options: {
      entityRef: string;
      credentials: BackstageCredentials;
      cluster?: string;
      /** The entity, when the caller already read it from the catalog with the same credentials. */
      entity?: Entity;
    } & ConditionalReadOptions,
  ): Promise<ConditionalResult<EntityOpsView>>;

  getPlatformHealth(
    options: { credentials: BackstageCredentials; cluster?: string } & ConditionalReadOptions,
  ): Promise<ConditionalResult<PlatformHealthView>>;

  listTargets(options: {
    entityRef: string;
    credentials: BackstageCredentials;
    kind: RunbookTargetKind;
    cluster?: string;
  }): Promise<OpsTargetList>;
}

/** The longest long poll. */
export const MAX_WAIT_SECONDS = 30;
