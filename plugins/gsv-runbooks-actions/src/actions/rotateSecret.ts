import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './rotateSecret.examples';

/**
 * Creates the `gsv:secret:rotate` action: refreshes an ExternalSecret, waits for the sync, then optionally restarts the deployments that use the secret (ops guide 8.3).
 *
 * @public
 */
export function createRotateSecretAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'secret-rotate',
      examples,
      describe: p =>
        `rotation of ExternalSecret ${p.namespace}/${p.externalSecret}${
          p.restartConsumers ? ', then a restart of its consumers' : ''
        }`,
    },
    options,
  );
}
