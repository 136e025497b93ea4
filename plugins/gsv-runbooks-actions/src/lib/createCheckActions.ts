import {
  createCheckDatabaseRestorableAction,
  createCheckServiceHealthAction,
} from '../actions';
import type { CheckActionOptions } from './checkActions';

/**
 * The read-only check actions a chained runbook template uses between its steps (restore → verify → notify).
 *
 * @public
 */
export function createCheckActions(options: CheckActionOptions) {
  return [
    createCheckServiceHealthAction(options),
    createCheckDatabaseRestorableAction(options),
  ];
}
