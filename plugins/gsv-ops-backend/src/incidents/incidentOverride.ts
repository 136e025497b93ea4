import { InputError } from '@backstage/errors';
import {
  DECLARED_INCIDENT_ID_PREFIX,
  type IncidentOverride,
} from '@gsv/plugin-gsv-ops-common';
import type { IncidentStore } from './types';

/** Checks an operation's incident override against the incidents declared in GSV Ops; throws InputError. */
export type IncidentOverrideCheck = (
  entityRef: string,
  override: IncidentOverride,
) => Promise<void>;

/**
 * An override naming a GSV Ops incident (`GSV-INC-…`) must name an open incident of the operation's entity, with the
 * severity it has now. Other ids (an external incident tracker's, as accepted before incidents could be declared
 * here) pass unless `requireDeclared` (`gsvOps.incidents.requireDeclared`) is set.
 */
export function incidentOverrideCheck(
  store: Pick<IncidentStore, 'get'>,
  options: { requireDeclared: boolean },
): IncidentOverrideCheck {
  return async (entityRef, override) => {
    const declaredHere = override.id
      .toUpperCase()
      .startsWith(DECLARED_INCIDENT_ID_PREFIX);
    if (!declaredHere && !options.requireDeclared) return;
    const incident = await store.get(override.id.toUpperCase());
    if (!incident) {
      throw new InputError(
        `No incident ${override.id} was declared in GSV Ops; declare one on ${entityRef} and use its id`,
      );
    }
    if (incident.entityRef !== entityRef) {
      throw new InputError(
        `Incident ${incident.id} is an incident of ${incident.entityRef}, not of ${entityRef}`,
      );
    }
    if (incident.status !== 'open') {
      throw new InputError(
        `Incident ${incident.id} was resolved at ${incident.resolvedAt}; it no longer overrides the maintenance window`,
      );
    }
    if (incident.severity !== override.severity) {
      const why = ['P1', 'P2'].includes(incident.severity)
        ? ''
        : '; only P1 and P2 incidents override a maintenance window';
      throw new InputError(
        `Incident ${incident.id} is ${incident.severity}, not ${override.severity}${why}`,
      );
    }
  };
}
