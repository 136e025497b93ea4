import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Incident } from '@gsv/plugin-gsv-ops-common';
import { messageOf } from '../operations/errors';
import type { EntityLookup } from '../operations/types';
import type { OpsService } from '../services/OpsService/types';
import { type EntityMetricsReader, observeService } from './observeService';
import type { IncidentStore } from './types';

export interface IncidentObserverOptions {
  store: IncidentStore;
  catalog: EntityLookup;
  opsService: OpsService;
  entityMetrics: EntityMetricsReader;
  now: () => number;
  /** Told when the scheduled observation saw an alert start or end, or a new warning event, on an open incident. */
  onChanged?: (entityRef: string) => void;
}

/** What of an incident's observations a viewer would notice: which there are, and which alerts ended. */
const observedShape = (observations: Array<{ key: string; resolvedAt?: number }>) =>
  observations.map(o => `${o.key}${o.resolvedAt === undefined ? '' : '/resolved'}`).sort().join('\n');

/**
 * Keeps what an open incident's service shows (firing alerts, warning events) in the incident's observations, and
 * marks an alert seen before and no longer firing as resolved then: Alertmanager forgets resolved alerts, the record
 * must not. Runs on every read of an open incident, at its resolution, and on a schedule (`observeOpen`).
 */
export class IncidentObserver {
  constructor(private readonly options: IncidentObserverOptions) {}

  /** Records what the service shows now; returns the sources that could not be read. */
  async observe(
    incident: Incident,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const { store, catalog } = this.options;
    try {
      const entity = await catalog.getEntityByRef(incident.entityRef, {
        credentials,
      });
      if (!entity) return [`${incident.entityRef} is no longer in the catalog`];
      const seen = await observeService({
        ...this.options,
        entity,
        entityRef: incident.entityRef,
        credentials,
        since: Date.parse(incident.declaredAt),
      });
      await store.observe(incident.id, seen.observations);
      const at = this.options.now();
      for (const [cluster, keys] of seen.firing) {
        await store.resolveAlertsNotFiring(incident.id, cluster, keys, at);
      }
      return seen.errors;
    } catch (e) {
      return [`The service could not be observed just now: ${messageOf(e)}`];
    }
  }

  /** Observes every open incident (the scheduled task, with the plugin's own credentials). */
  async observeOpen(
    credentials: BackstageCredentials,
    logger: LoggerService,
  ): Promise<void> {
    const open = await this.options.store.list({ status: 'open', limit: 500 });
    for (const incident of open) {
      const before = observedShape(await this.options.store.observations(incident.id));
      const errors = await this.observe(incident, credentials);
      if (observedShape(await this.options.store.observations(incident.id)) !== before) {
        this.options.onChanged?.(incident.entityRef);
      }
      if (errors.length > 0) {
        logger.warn(`Incident ${incident.id}: ${errors.join('; ')}`);
      }
    }
  }
}
