import type { AuthService, BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { type Entity, parseEntityRef, RELATION_OWNED_BY, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { GSV_OPS_ANNOTATIONS, type EntityOpsView } from '@gsv/plugin-gsv-ops-common';
import { notifiableConditions } from './conditions';
import type { NotifiedConditionStore } from './NotifiedConditionStore';
import { utcDay } from './NotifiedConditionStore';
import type { OpsNotifier } from './OpsNotifier';

/** Claims are kept this many days, then deleted by the check. */
const CLAIM_RETENTION_DAYS = 7;

export interface EntityConditionCheckOptions {
  catalog: CatalogService;
  auth: AuthService;
  /** The entity view without a permission check (the check runs as the plugin, for the owners). */
  views: {
    getEntityView(options: { entityRef: string; entity: Entity; credentials: BackstageCredentials }): Promise<
      { notModified: true } | { notModified: false; value: EntityOpsView }
    >;
  };
  claims: NotifiedConditionStore;
  notifier: OpsNotifier;
  certificateDays: number;
  logger: LoggerService;
  now?: () => number;
}

/**
 * The scheduled check: for every entity with a GSV Ops annotation, the conditions of its Ops view that need its
 * owners (see `notifiableConditions`), each sent once per day by whichever replica claims it first.
 */
export class EntityConditionCheck {
  private readonly now: () => number;

  constructor(private readonly options: EntityConditionCheckOptions) {
    this.now = options.now ?? Date.now;
  }

  async run(): Promise<{ entities: number; sent: number }> {
    const { catalog, auth, claims, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      { filter: Object.values(GSV_OPS_ANNOTATIONS).map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })) },
      { credentials },
    );
    const day = utcDay(this.now());
    let sent = 0;
    for (const entity of items) {
      try {
        sent += await this.checkEntity(entity, credentials, day);
      } catch (e) {
        logger.warn('Could not check an entity for notifications', { entityRef: stringifyEntityRef(entity), error: String(e) });
      }
    }
    await claims.deleteBefore(utcDay(this.now() - CLAIM_RETENTION_DAYS * 86_400_000));
    return { entities: items.length, sent };
  }

  private async checkEntity(entity: Entity, credentials: BackstageCredentials, day: string): Promise<number> {
    const entityRef = stringifyEntityRef(entity);
    const owners = ownersOf(entity);
    if (owners.length === 0) return 0;
    const view = await this.options.views.getEntityView({ entityRef, entity, credentials });
    if (view.notModified) return 0;
    let sent = 0;
    for (const condition of notifiableConditions(view.value, { certificateDays: this.options.certificateDays })) {
      const claimed = await this.options.claims.claim({ entityRef, conditionKey: condition.key, day, at: this.now() });
      if (!claimed) continue;
      await this.options.notifier.entityCondition({ entityRef, owners, condition });
      sent += 1;
    }
    return sent;
  }
}

/** The entity's owners: its ownedBy relations, else `spec.owner` (a group unless it says otherwise). */
export function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? []).filter(r => r.type === RELATION_OWNED_BY).map(r => r.targetRef);
  if (related.length > 0) return [...new Set(related)];
  const owner = entity.spec?.owner;
  return typeof owner === 'string' && owner
    ? [stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: entity.metadata.namespace ?? 'default' }))]
    : [];
}
