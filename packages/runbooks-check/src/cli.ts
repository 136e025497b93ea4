import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkTemplates } from './checkTemplates';
import { clusterFromKubeconfig, type TargetCluster } from './kubeconfigCluster';
import { DEFAULT_OWNER, ownerRef } from './staticChecks';

const USAGE =
  'Usage: gsv-runbooks check [<dir>] [--static] [--owner <ref>] ' +
  '[--kubeconfig <file> [--context <name>] [--environment <env>]]';

/** Wrong usage: what is wrong, and the usage line. */
class UsageError extends Error {}

/** The command line's options, or a UsageError. */
function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        static: { type: 'boolean' },
        owner: { type: 'string' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        environment: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...dirs] = positionals;
  if (command !== 'check' || dirs.length > 1) throw new UsageError('');
  if ((values.context || values.environment) && !values.kubeconfig)
    throw new UsageError('--context and --environment go with --kubeconfig');
  if (values.static && values.kubeconfig)
    throw new UsageError('--static runs no dry runs: it takes no --kubeconfig');
  const dir = dirs[0] ? path.resolve(dirs[0]) : undefined;
  if (dir && !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`${dirs[0]} is not a directory`);
  const owner = ownerRef(values.owner ?? DEFAULT_OWNER);
  if (!owner)
    throw new UsageError(
      `--owner ${values.owner} is not an entity ref such as group:default/platform-team`,
    );
  let target: TargetCluster | undefined;
  if (values.kubeconfig) {
    try {
      target = clusterFromKubeconfig({
        kubeconfig: values.kubeconfig,
        context: values.context,
        environment: values.environment,
      });
    } catch (error) {
      throw new UsageError(
        `--kubeconfig ${values.kubeconfig}: ${(error as Error).message}`,
      );
    }
  }
  return { live: !values.static, owner, dir, target };
}

/**
 * `gsv-runbooks check [<dir>] [--static] [--owner <ref>] [--kubeconfig <file> [--context <name>] [--environment <env>]]`:
 * checks runbook templates — the scaffolder module's own, or those of a curators' repository. `--static` skips the
 * dry runs; `--kubeconfig` runs them against that cluster (reads and dryRun=All only) instead of the embedded one.
 * Exit codes: 0 fine, 1 problems found, 2 wrong usage.
 */
export async function main(argv: string[]): Promise<void> {
  let options;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `${error.message ? `${error.message}\n` : ''}${USAGE}\n`,
    );
    // exit code 2 is the documented answer to wrong usage (README, usage line): nothing was checked
    process.exit(2);
  }
  const problems = await checkTemplates({
    live: options.live,
    owner: options.owner,
    ...(options.dir ? { dir: options.dir } : {}),
    ...(options.target ? { target: options.target } : {}),
  });
  process.exitCode = problems ? 1 : 0;
  // The check stopped its backend and cluster by now, and the exit code is set. A handle a library leaves open (the
  // test backend's, not ours) must not keep a curator's terminal or CI waiting: the unref'd timer fires only then.
  setTimeout(() => process.exit(), 5000).unref();
}
