import { randomBytes } from 'node:crypto';
import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  DECLARED_INCIDENT_ID_PREFIX,
  gsvOpsEntityReadPermission,
  gsvOpsIncidentManagePermission,
  type DeclareIncidentRequest,
  type Incident,
  type IncidentDetail,
  type IncidentList,
  type IncidentStatus,
  type UpdateIncidentRequest,
} from '@gsv/plugin-gsv-ops-common';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import { messageOf } from '../operations/errors';
import { principalOf, toRecord } from '../operations/records';
import type { OperationStore } from '../operations/store/types';
import type { EntityLookup } from '../operations/types';
import type { OpsService } from '../services/OpsService/types';
import { incidentRecordMarkdown } from './incidentRecord';
import { IncidentObserver } from './IncidentObserver';
import type { EntityMetricsReader } from './observeService';
import { buildTimeline } from './timeline';
import type { IncidentChanges, IncidentStore } from './types';

/** The most operations of one incident's window that its timeline and record show. */
const MAX_OPERATIONS = 500;

export interface IncidentServiceOptions {
  store: IncidentStore;
  operations: Pick<OperationStore, 'list'>;
  catalog: EntityLookup;
  permissions: PermissionsService;
  auditor: AuditorService;
  opsService: OpsService;
  entityMetrics: EntityMetricsReader;
  /** The entity's Ops tab, where its operations are shown. */
  opsTabLink: (entityRef: string) => string;
  listLimit: number;
  now?: () => number;
  /** Told after an incident of the entity changed (its signal channel, so that viewers see it at once). */
  onChanged?: (entityRef: string) => void;
}

/**
 * Incidents declared on a service (ops guide §6): declare, update, note and resolve (`gsv-ops.incident.manage` on the
 * entity, each audited), read with the timeline (`gsv-ops.entity.read`), and the post-incident record. While an
 * incident is open, every read of it also records what the service shows now (alerts, warning events).
 */
export class IncidentService {
  private readonly now: () => number;

  /** Also used by the scheduled observation of open incidents. */
  readonly observer: IncidentObserver;

  constructor(private readonly options: IncidentServiceOptions) {
    this.now = options.now ?? Date.now;
    this.observer = new IncidentObserver({ ...options, now: this.now });
  }

  async declare(
    request: DeclareIncidentRequest,
    credentials: BackstageCredentials,
    httpRequest?: Request,
  ): Promise<Incident> {
    const entityRef = canonicalRef(request.entityRef, 'entityRef');
    return this.audited(
      'incident-declare',
      httpRequest,
      { entityRef, severity: request.severity },
      async () => {
        await this.entityOf(entityRef, credentials);
        await this.require(
          gsvOpsIncidentManagePermission,
          entityRef,
          credentials,
          `declare an incident on ${entityRef}`,
        );
        const declaredBy = principalOf(credentials);
        const commander = request.commander
          ? await this.commanderRef(request.commander, credentials)
          : declaredBy;
        return this.options.store.create({
          id: `${DECLARED_INCIDENT_ID_PREFIX}${randomBytes(4)
            .toString('hex')
            .toUpperCase()}`,
          entityRef,
          severity: request.severity,
          summary: request.summary,
          commander,
          declaredBy,
          declaredAt: this.now(),
        });
      },
    );
  }

  async update(
    id: string,
    patch: UpdateIncidentRequest,
    credentials: BackstageCredentials,
    httpRequest?: Request,
  ): Promise<Incident> {
    const incident = await this.managed(id, credentials, 'update');
    return this.audited(
      'incident-update',
      httpRequest,
      { incidentId: id, entityRef: incident.entityRef, ...patch },
      async () => {
        const changes: IncidentChanges = {
          ...(patch.severity && patch.severity !== incident.severity
            ? { severity: patch.severity }
            : {}),
          ...(patch.summary && patch.summary !== incident.summary
            ? { summary: patch.summary }
            : {}),
        };
        if (patch.commander) {
          const commander = await this.commanderRef(
            patch.commander,
            credentials,
          );
          if (commander !== incident.commander) changes.commander = commander;
        }
        const said = (Object.keys(changes) as (keyof IncidentChanges)[]).map(
          k => `${k}: ${incident[k]} → ${changes[k]}`,
        );
        if (said.length === 0)
          throw new InputError(
            'Nothing to change: the incident already has these values',
          );
        const note = {
          author: principalOf(credentials),
          at: new Date(this.now()).toISOString(),
          text: said.join('; '),
        };
        if (!(await this.options.store.update(id, changes, note)))
          throw resolvedError(incident);
        return (await this.options.store.get(id))!;
      },
    );
  }

  async addNote(
    id: string,
    text: string,
    credentials: BackstageCredentials,
    httpRequest?: Request,
  ): Promise<Incident> {
    const incident = await this.managed(id, credentials, 'add a note to');
    return this.audited(
      'incident-note',
      httpRequest,
      { incidentId: id, entityRef: incident.entityRef },
      async () => {
        await this.options.store.addNote(id, {
          author: principalOf(credentials),
          at: new Date(this.now()).toISOString(),
          kind: 'note',
          text,
        });
        return (await this.options.store.get(id))!;
      },
    );
  }

  async resolve(
    id: string,
    credentials: BackstageCredentials,
    httpRequest?: Request,
  ): Promise<Incident> {
    const incident = await this.managed(id, credentials, 'resolve');
    return this.audited(
      'incident-resolve',
      httpRequest,
      { incidentId: id, entityRef: incident.entityRef },
      async () => {
        // A last look, so the record has the alerts that stopped firing before the resolution.
        await this.observer.observe(incident, credentials);
        if (
          !(await this.options.store.resolve(
            id,
            principalOf(credentials),
            this.now(),
          ))
        )
          throw resolvedError(incident);
        return (await this.options.store.get(id))!;
      },
    );
  }

  async list(
    query: { entityRef?: string; status?: IncidentStatus },
    credentials: BackstageCredentials,
  ): Promise<IncidentList> {
    const entityRef = query.entityRef
      ? canonicalRef(query.entityRef, 'entityRef')
      : undefined;
    if (entityRef)
      await this.require(
        gsvOpsEntityReadPermission,
        entityRef,
        credentials,
        `read ${entityRef}`,
      );
    const found = await this.options.store.list({
      entityRef,
      status: query.status,
      limit: this.options.listLimit,
    });
    return {
      items: entityRef ? found : await this.readable(found, credentials),
    };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IncidentDetail> {
    const incident = await this.readIncident(id, credentials);
    const errors =
      incident.status === 'open'
        ? await this.observer.observe(incident, credentials)
        : [];
    const current =
      incident.status === 'open'
        ? (await this.options.store.get(id))!
        : incident;
    return {
      incident: current,
      timeline: await this.timelineOf(current),
      errors,
    };
  }

  /** The post-incident record of a resolved incident, as Markdown. */
  async record(id: string, credentials: BackstageCredentials): Promise<string> {
    const incident = await this.readIncident(id, credentials);
    if (incident.status !== 'resolved') {
      throw new ConflictError(
        `Incident ${incident.id} is still open: its post-incident record is written when it is resolved`,
      );
    }
    const operations = await this.operationsOf(incident);
    return incidentRecordMarkdown({
      incident,
      operations,
      timeline: await this.timelineOf(incident, operations),
    });
  }

  private async timelineOf(
    incident: Incident,
    operations?: Awaited<ReturnType<IncidentService['operationsOf']>>,
  ) {
    return buildTimeline({
      incident,
      observations: await this.options.store.observations(incident.id),
      operations: operations ?? (await this.operationsOf(incident)),
      operationLink: this.options.opsTabLink(incident.entityRef),
      now: this.now(),
    });
  }

  /** The entity's operations created within the incident's window, oldest first. */
  private async operationsOf(incident: Incident) {
    const end = incident.resolvedAt
      ? Date.parse(incident.resolvedAt)
      : this.now();
    const found = await this.options.operations.list({
      entityRef: incident.entityRef,
      createdAfter: Date.parse(incident.declaredAt),
      limit: MAX_OPERATIONS,
    });
    return found
      .filter(op => Date.parse(op.createdAt) <= end)
      .map(toRecord)
      .reverse();
  }

  private async readIncident(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const incident = await this.options.store.get(id);
    if (!incident) throw new NotFoundError(`No incident with id ${id}`);
    await this.require(
      gsvOpsEntityReadPermission,
      incident.entityRef,
      credentials,
      `read ${incident.entityRef}`,
    );
    return incident;
  }

  private async managed(
    id: string,
    credentials: BackstageCredentials,
    action: string,
  ): Promise<Incident> {
    const incident = await this.readIncident(id, credentials);
    await this.require(
      gsvOpsIncidentManagePermission,
      incident.entityRef,
      credentials,
      `${action} incident ${id}`,
    );
    if (incident.status !== 'open') throw resolvedError(incident);
    return incident;
  }

  private async entityOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(
        `Entity ${entityRef} was not found in the catalog`,
      );
    return entity;
  }

  /** The commander: a user of the catalog. */
  private async commanderRef(
    raw: string,
    credentials: BackstageCredentials,
  ): Promise<string> {
    const ref = canonicalRef(raw, 'commander', 'user');
    if (!ref.startsWith('user:'))
      throw new InputError(
        `Invalid commander '${raw}': the commander is a user, e.g. user:default/jane`,
      );
    if (!(await this.options.catalog.getEntityByRef(ref, { credentials }))) {
      throw new InputError(
        `Invalid commander '${raw}': no such user in the catalog`,
      );
    }
    return ref;
  }

  private async require(
    permission: ResourcePermission,
    resourceRef: string,
    credentials: BackstageCredentials,
    why: string,
  ) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${why} (permission ${permission.name})`,
      );
    }
  }

  private async readable(
    incidents: Incident[],
    credentials: BackstageCredentials,
  ): Promise<Incident[]> {
    if (incidents.length === 0) return [];
    const decisions = await this.options.permissions.authorize(
      incidents.map(i => ({
        permission: gsvOpsEntityReadPermission,
        resourceRef: i.entityRef,
      })),
      { credentials },
    );
    return incidents.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
  }

  private async audited<T>(
    eventId: string,
    request: Request | undefined,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request,
      meta,
    });
    try {
      const result = await fn();
      await event.success({ meta: { incidentId: (result as Incident).id } });
      this.options.onChanged?.((result as Incident).entityRef);
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}

function canonicalRef(raw: string, what: string, defaultKind?: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(raw, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch (e) {
    throw new InputError(`Invalid ${what} '${raw}': ${messageOf(e)}`);
  }
}

function resolvedError(incident: Incident): ConflictError {
  return new ConflictError(
    `Incident ${incident.id} was resolved at ${incident.resolvedAt}; declare a new incident if needed`,
  );
}
