import type {
  Incident,
  IncidentNote,
  IncidentSeverity,
} from '@gsv/plugin-gsv-ops-common';

/** What GSV Ops saw of the service while an incident was open: a firing alert or a warning event. */
export interface IncidentObservation {
  /** `alert:<cluster>:<fingerprint>` or `event:<cluster>:<namespace>/<object>:<reason>:<first seen>`. */
  key: string;
  kind: 'alert' | 'event';
  /** Epoch ms: the alert's startsAt, or when the event was last seen. */
  at: number;
  title: string;
  detail?: string;
  link?: string;
  /** Alerts: epoch ms when GSV Ops first found it no longer firing. */
  resolvedAt?: number;
}

export interface NewIncident {
  id: string;
  entityRef: string;
  severity: IncidentSeverity;
  summary: string;
  commander: string;
  declaredBy: string;
  declaredAt: number;
}

export type IncidentChanges = Partial<
  Pick<Incident, 'severity' | 'summary' | 'commander'>
>;

/** Incidents, their notes and observations, in the plugin's database. */
export interface IncidentStore {
  /** Throws ConflictError when the entity already has an open incident. */
  create(incident: NewIncident): Promise<Incident>;
  get(id: string): Promise<Incident | undefined>;
  /** The open incident of the entity, if any. */
  findOpen(entityRef: string): Promise<Incident | undefined>;
  /** Most recently declared first. */
  list(options: {
    entityRef?: string;
    status?: Incident['status'];
    limit: number;
  }): Promise<Incident[]>;
  /** Applies the changes to an open incident and records them as a `change` note; false when it is not open. */
  update(
    id: string,
    changes: IncidentChanges,
    note: Omit<IncidentNote, 'kind'>,
  ): Promise<boolean>;
  addNote(id: string, note: IncidentNote): Promise<void>;
  /** Resolves an open incident; false when it was not open (already resolved). */
  resolve(id: string, by: string, at: number): Promise<boolean>;
  /** Records observations; an already known one keeps its first time and takes the newer title and detail. */
  observe(
    incidentId: string,
    observations: IncidentObservation[],
  ): Promise<void>;
  /** Marks the known, unresolved alerts of the cluster that are not in `firingKeys` as resolved at `at`. */
  resolveAlertsNotFiring(
    incidentId: string,
    cluster: string,
    firingKeys: string[],
    at: number,
  ): Promise<void>;
  observations(incidentId: string): Promise<IncidentObservation[]>;
}
