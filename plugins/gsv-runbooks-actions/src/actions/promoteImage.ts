import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './promoteImage.examples';

/**
 * Creates the `gsv:image:promote` action: promotes the image tag of one environment to the next through the GitOps
 * repository (a commit, or a pull request to be merged), syncs the next environment's Argo CD application and waits
 * for Synced and Healthy (ops guide 4.1). The engine writes to Git, not the scaffolder: no `fetch:`/`publish:` step.
 *
 * @public
 */
export function createPromoteImageAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'image-promote',
      examples,
      describe: p =>
        `a promotion of ${
          p.tag ?? `the image running in ${p.fromEnvironment}`
        } from ${p.fromEnvironment} to ${
          p.toEnvironment
        } (Argo CD application ${p.namespace}/${p.application})`,
    },
    options,
  );
}
