import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import type { PermissionUse, PermissionUsageFile } from '../rbac/PermissionUsage';
import { DEFAULT_RBAC_FILES, loadRbacFiles, REPOSITORY_ROOT } from '../rbac/loadRbacFiles';
import { BACKEND_SERVICE_ACCOUNT, serviceAccountUser } from '../rbac/TokenAuthenticator';
import { checkLeastPrivilege, formatReport, isClean, type JustifiedGrant } from './checkLeastPrivilege';
import { grantsOf } from './grants';

const USAGE = `Usage: least-privilege --usage-dir <dir> [--rbac <file,...>] [--justified <file>]

Compares what GSV Ops' service account (backstage/gsv-backstage) used in a test run — the files the embedded
clusters wrote to GSV_DEVCLUSTER_USAGE_DIR — with what the RBAC files grant it. Fails on a grant nobody used and
nobody justified, on a request no grant allowed, and on a justification that is no longer needed.

  --usage-dir <dir>   the GSV_DEVCLUSTER_USAGE_DIR of the run
  --rbac <files>      comma-separated RBAC files the run's clusters loaded (default: deploy/base)
  --justified <file>  grants kept without a use, with the reason (default: deploy/least-privilege.yaml)`;

/** Exit code 0 when least privilege holds, 1 when it does not, 2 on wrong use. */
export function main(argv: string[], out: (line: string) => void = line => process.stdout.write(`${line}\n`)): number {
  const { values } = parseArgs({
    args: argv,
    options: { 'usage-dir': { type: 'string' }, rbac: { type: 'string' }, justified: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || !values['usage-dir']) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const rbacFiles = values.rbac ? values.rbac.split(',').map(f => resolve(f)) : DEFAULT_RBAC_FILES;
  const justifiedFile = resolve(values.justified ?? join(REPOSITORY_ROOT, 'deploy/least-privilege.yaml'));
  const uses = usesOf(values['usage-dir'], rbacFiles);
  if (uses.files === 0) {
    out(`No usage recorded with ${rbacFiles.join(', ')} in ${values['usage-dir']}: run the tests with GSV_DEVCLUSTER_USAGE_DIR set`);
    return 1;
  }
  const grants = grantsOf(loadRbacFiles(rbacFiles), BACKEND_SERVICE_ACCOUNT);
  const justified = existsSync(justifiedFile) ? ((parse(readFileSync(justifiedFile, 'utf8'))?.unusedGrants ?? []) as JustifiedGrant[]) : [];
  const report = checkLeastPrivilege(grants, uses.uses, justified);
  out(formatReport(report, `${BACKEND_SERVICE_ACCOUNT.namespace}/${BACKEND_SERVICE_ACCOUNT.name} (${uses.files} clusters' usage)`));
  return isClean(report) ? 0 : 1;
}

/** The service account's uses, from the clusters that ran with exactly these RBAC files. */
function usesOf(directory: string, rbacFiles: string[]): { uses: PermissionUse[]; files: number } {
  const user = serviceAccountUser(BACKEND_SERVICE_ACCOUNT.namespace, BACKEND_SERVICE_ACCOUNT.name).username;
  const wanted = JSON.stringify([...rbacFiles].sort());
  let files = 0;
  const uses: PermissionUse[] = [];
  for (const name of existsSync(directory) ? readdirSync(directory) : []) {
    if (!name.endsWith('.json')) continue;
    const file = JSON.parse(readFileSync(join(directory, name), 'utf8')) as PermissionUsageFile;
    if (JSON.stringify(file.rbacFiles.map(f => resolve(f)).sort()) !== wanted) continue;
    files++;
    uses.push(...file.uses.filter(use => use.user === user));
  }
  return { uses, files };
}
