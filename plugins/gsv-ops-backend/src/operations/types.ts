import type { Entity } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { OpsTargetList, RunbookTargetKind } from '@gsv/plugin-gsv-ops-common';

/**
 * The objects of an entity that runbooks may operate on, as the read path resolves them (entity annotations → objects
 * in the watch cache). The engine checks every target against it, so a form cannot operate on another team's object.
 */
export interface OperationTargetsProvider {
  listTargets(options: {
    entity: Entity;
    kind: RunbookTargetKind;
    cluster: string;
    credentials: BackstageCredentials;
  }): Promise<OpsTargetList>;
}

/** The parts of the catalog the engine uses (the catalog service, with the caller's credentials). */
export interface EntityLookup {
  getEntityByRef(entityRef: string, options: { credentials: BackstageCredentials }): Promise<Entity | undefined>;
}
