import { RUNBOOKS } from '@gsv/plugin-gsv-ops-common';
import type { TargetCluster } from './kubeconfigCluster';
import { runLiveDryRuns } from './liveChecks';
import {
  checkTemplateStatically,
  knownFieldExtensions,
  realActions,
} from './staticChecks';
import { loadTemplates, TEMPLATES_DIR } from './templates';

/** What `gsv-runbooks check` checks, and against which cluster. */
export interface CheckTemplatesOptions {
  /** Also dry-run each template through a backend (default: static checks only). */
  live: boolean;
  /** The templates' directory (default: this package's). */
  dir?: string;
  /** The owner every template must have (default group:default/platform-team). */
  owner?: string;
  /** Run the live part against this cluster instead of starting the embedded one. */
  target?: TargetCluster;
}

/** What the live part does, in the words the output uses. */
function liveHeading(target?: TargetCluster): string {
  if (!target) return 'Dry runs against the embedded cluster';
  return (
    `Dry runs against cluster ${target.name} (${target.url}, environment ${target.environment}) from ${target.source}\n` +
    '  only reads and server-side dry runs (dryRun=All): nothing is written to the cluster'
  );
}

/**
 * `gsv-runbooks check` (and `npm run templates:check`): every runbook template parses, is a valid Template, uses only this module's actions,
 * renders into input its action's JSON Schema accepts, names only field extensions the app provides, and a dry run
 * of each against the embedded cluster succeeds. Prints what it checked; exits non-zero on any problem.
 */
export async function checkTemplates(
  options: CheckTemplatesOptions = { live: true },
): Promise<number> {
  const dir = options.dir ?? TEMPLATES_DIR;
  // this package's own templates cover every runbook; a curators' directory holds what it holds
  const shipped = dir === TEMPLATES_DIR;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let problemCount = 0;
  const fail = (subject: string, problem: string) => {
    problemCount += 1;
    out(`  ✗ ${subject}: ${problem}`);
  };

  out(`Runbook templates in ${dir}`);
  const { location, templates } = loadTemplates(dir);
  location.problems.forEach(problem => fail('all.yaml', problem));
  out(`  ${location.targets.length} templates`);

  const actions = realActions();
  out(
    `  the module registers ${actions.size} actions: ${[...actions.keys()].join(
      ', ',
    )}`,
  );
  const fields = knownFieldExtensions();
  fields.notes.forEach(note => out(`  ${note}`));

  const covered = new Set<string>();
  const checkedTemplates = [];
  for (const loaded of templates) {
    out(`\n${loaded.file}`);
    const result = checkTemplateStatically(loaded, {
      actions,
      fields: fields.names,
      owner: options.owner,
    });
    result.checked.forEach(line => out(`  ✓ ${line}`));
    result.problems.forEach(problem => fail(loaded.file, problem));
    if (result.runbook) {
      if (loaded.entity && !result.problems.length)
        checkedTemplates.push({ loaded, runbook: result.runbook });
      if (result.chained) continue;
      if (covered.has(result.runbook.id))
        fail(loaded.file, `a second template for runbook ${result.runbook.id}`);
      covered.add(result.runbook.id);
    }
  }
  for (const runbook of shipped ? RUNBOOKS : []) {
    if (!covered.has(runbook.id))
      fail(
        'all.yaml',
        `no template for runbook ${runbook.id} (${runbook.templateName})`,
      );
  }

  if (options.live) {
    out(`\n${liveHeading(options.target)}`);
    if (checkedTemplates.length !== templates.length) {
      out('  (templates with problems above are left out)');
    }
    const live = await runLiveDryRuns(checkedTemplates, out, options.target);
    live.problems.forEach(({ subject, problem }) => fail(subject, problem));
  }

  out(
    problemCount
      ? `\n${problemCount} problem${
          problemCount === 1 ? '' : 's'
        } in the runbook templates`
      : `\nAll ${templates.length} runbook templates are fine`,
  );
  return problemCount;
}
