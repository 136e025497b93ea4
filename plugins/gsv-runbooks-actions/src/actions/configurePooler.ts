import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './configurePooler.examples';

/**
 * Creates the `gsv:pooler:configure` action: changes the PgBouncer instances, pool mode, default_pool_size and
 * max_client_conn of a CloudNativePG Pooler within the caps and the database's max_connections, and waits until the
 * pooler runs with them (ops guide 3.3).
 *
 * @public
 */
export function createConfigurePoolerAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'pooler-configure',
      examples,
      describe: p => `configuring pooler ${p.namespace}/${p.pooler}`,
    },
    options,
  );
}
