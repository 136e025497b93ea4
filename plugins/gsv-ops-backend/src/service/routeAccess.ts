import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gsvOpsPlatformReadPermission } from '@gsv/plugin-gsv-ops-common';
import type { Request } from 'express';
import { z } from 'zod';

const name = z.string().min(1).max(253);
const entityParams = z.object({ kind: name, namespace: name, name });
const clusterQuery = z.object({ cluster: name.optional() });

/**
 * The entity of an `/entities/:kind/:namespace/:name/<route>[?cluster=]` request, read from the catalog with the
 * caller's credentials (user or service): 400 on a bad reference or query, 404 when the caller cannot see it.
 * What the caller may see of its Ops data is checked by whoever reads it next (the Ops view).
 */
export async function entityOfRequest(
  req: Request,
  deps: { catalog: CatalogService; httpAuth: HttpAuthService },
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

/** The caller's credentials, once `gsv-ops.platform.read` allows it (403 otherwise). */
export async function platformReader(
  req: Request,
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
): Promise<BackstageCredentials> {
  const credentials = await deps.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await deps.permissions.authorize(
    [{ permission: gsvOpsPlatformReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed: ${gsvOpsPlatformReadPermission.name}`,
    );
  }
  return credentials;
}
