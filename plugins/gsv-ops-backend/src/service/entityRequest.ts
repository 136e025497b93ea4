import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { Request } from 'express';
import { z } from 'zod';

const name = z.string().min(1).max(253);
const entityParams = z.object({ kind: name, namespace: name, name });
const clusterQuery = z.object({ cluster: name.optional() });

/**
 * A request of `/entities/<kind>/<namespace>/<name>/<route>[?cluster=<name>]`, validated: the caller's credentials
 * and the entity as the caller may read it from the catalog.
 */
export async function readEntityRequest(
  req: Request,
  deps: { httpAuth: HttpAuthService; catalog: CatalogService },
  route: string,
): Promise<{
  entity: Entity;
  entityRef: string;
  credentials: BackstageCredentials;
  cluster?: string;
}> {
  const params = entityParams.safeParse(req.params);
  const query = clusterQuery.safeParse(req.query);
  if (!params.success || !query.success) {
    throw new InputError(
      `Invalid entity reference or query: expected /entities/<kind>/<namespace>/<name>/${route}[?cluster=<name>]`,
    );
  }
  const credentials = await deps.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const entityRef = stringifyEntityRef(params.data);
  const entity = await deps.catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
  return { entity, entityRef, credentials, cluster: query.data.cluster };
}

/** The entity has no objects in the cluster asked for (or in any). */
export function noObjectsError(
  entityRef: string,
  cluster: string | undefined,
): NotFoundError {
  return new NotFoundError(
    `${entityRef} has no objects in ${cluster ?? 'any cluster'}`,
  );
}
