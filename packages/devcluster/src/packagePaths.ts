import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A file this package ships (schemas, protobuf descriptors), found from its package.json the way Backstage's
 * resolvePackagePath does: the same path from the sources, the built dist/ and an installed copy.
 */
export function packagePath(...segments: string[]): string {
  return join(dirname(require.resolve('@gsv/devcluster/package.json')), ...segments);
}

/**
 * A file of the GSV Ops repository (e.g. deploy/base/rbac.yaml): the copy the published package carries (repository/,
 * written when it is packed: scripts/pack-repository-files.mjs), else the checkout's.
 */
export function repositoryPath(relativePath: string): string {
  const packaged = packagePath('repository', relativePath);
  return existsSync(packaged) ? packaged : packagePath('..', '..', relativePath);
}
