/** How bad an incident is (ops guide §6): P1 the worst. @public */
export type IncidentSeverity = 'P1' | 'P2' | 'P3' | 'P4';

/** @public */
export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = ['P1', 'P2', 'P3', 'P4'];

/** @public */
export type IncidentStatus = 'open' | 'resolved';

/**
 * The prefix of the ids of incidents declared in GSV Ops (`GSV-INC-…`). An operation's incident override with such an
 * id must name an open incident of the same entity; other ids (an external tracker's) are accepted as before unless
 * `gsvOps.incidents.requireDeclared` is set.
 *
 * @public
 */
export const DECLARED_INCIDENT_ID_PREFIX = 'GSV-INC-';

/** A note on an incident, or a change of its severity, summary or commander (`kind: 'change'`). @public */
export interface IncidentNote {
  /** User entity ref. */
  author: string;
  at: string;
  kind: 'note' | 'change';
  text: string;
}

/** An incident declared on a service. @public */
export interface Incident {
  id: string;
  entityRef: string;
  severity: IncidentSeverity;
  summary: string;
  /** User entity ref of the incident commander. */
  commander: string;
  status: IncidentStatus;
  declaredBy: string;
  declaredAt: string;
  resolvedBy?: string;
  resolvedAt?: string;
  /** Oldest first. */
  notes: IncidentNote[];
}

/** @public */
export type IncidentTimelineKind =
  | 'declared'
  | 'change'
  | 'note'
  | 'alert-fired'
  | 'alert-resolved'
  | 'warning-event'
  | 'operation-started'
  | 'operation-ended'
  | 'approval'
  | 'resolved';

/** One entry of an incident's timeline. @public */
export interface IncidentTimelineEntry {
  at: string;
  kind: IncidentTimelineKind;
  title: string;
  detail?: string;
  link?: string;
}

/** `GET /incidents/:id`: the incident and its timeline, oldest first, over declaredAt → resolvedAt (or now). @public */
export interface IncidentDetail {
  incident: Incident;
  timeline: IncidentTimelineEntry[];
  /** Sources that could not be read just now (e.g. Alertmanager down); what was observed before is still shown. */
  errors: string[];
}

/** `GET /incidents?entityRef=&status=`: most recently declared first. @public */
export interface IncidentList {
  items: Incident[];
}

/** `POST /incidents`. @public */
export interface DeclareIncidentRequest {
  entityRef: string;
  severity: IncidentSeverity;
  summary: string;
  /** Default: the declaring user. */
  commander?: string;
}

/** `PATCH /incidents/:id`. @public */
export interface UpdateIncidentRequest {
  severity?: IncidentSeverity;
  summary?: string;
  commander?: string;
}
