// `npm pack` of a package that reads files of this repository at runtime (prepack: copy, postpack: remove), e.g.
// @gsv/devcluster the RBAC of deploy/base: the tarball carries them in repository/<same path>, where the package
// looks first. Run from the package's directory: `node ../../scripts/pack-repository-files.mjs copy <paths>|remove`.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve('repository');
const [command, ...files] = process.argv.slice(2);

if (command === 'copy' && files.length) {
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(join(repositoryRoot, file), join(target, file));
  }
} else if (command === 'remove' && !files.length) {
  rmSync(target, { recursive: true, force: true });
} else {
  process.stderr.write(
    'Usage: pack-repository-files.mjs copy <path>... | remove\n',
  );
  process.exit(2);
}
