import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './diagnoseService.examples';

/**
 * Creates the `gsv:service:diagnose` action: checks a service's database connectivity and the HTTP dependencies of
 * its `gsv.io/dependencies` annotation from a read-only Job with its deployment's pod template (ops guide 6.3).
 *
 * @public
 */
export function createDiagnoseServiceAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'service-diagnostics',
      examples,
      describe: p =>
        `diagnosing the database and dependencies of deployment ${p.namespace}/${p.deployment}`,
    },
    options,
  );
}
