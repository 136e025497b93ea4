import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gsvOpsPlatformReadPermission } from '@gsv/plugin-gsv-ops-common';

/** Throws NotAllowedError unless the caller holds `gsv-ops.platform.read` (the platform page's routes). */
export async function requirePlatformRead(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission: gsvOpsPlatformReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed: ${gsvOpsPlatformReadPermission.name}`,
    );
  }
}
