import fs from 'node:fs';
import path from 'node:path';

const PACKAGE_DIR = path.dirname(
  require.resolve('@gsv/runbooks-check/package.json'),
);

/**
 * A file of the GSV Ops repository the check reads (its catalog and app-config: the GSV platform the embedded cluster
 * seeds, and how the app runs GSV Ops on it): the copy the published package carries (repository/, written when it
 * is packed: scripts/pack-repository-files.mjs), else the checkout's.
 */
export function repositoryFile(relativePath: string): string {
  const packaged = path.join(PACKAGE_DIR, 'repository', relativePath);
  return fs.existsSync(packaged)
    ? packaged
    : path.resolve(PACKAGE_DIR, '../..', relativePath);
}

/** The checkout of the GSV Ops repository this runs from, when it does (not from an installed package). */
export function repositoryCheckout(): string | undefined {
  const root = path.resolve(PACKAGE_DIR, '../..');
  return fs.existsSync(path.join(root, 'packages/app/src/App.tsx'))
    ? root
    : undefined;
}
