import { ConflictError } from '@backstage/errors';
import type {
  Incident,
  IncidentNote,
  IncidentSeverity,
} from '@gsv/plugin-gsv-ops-common';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../operations/store/DatabaseLockManager';
import type {
  IncidentChanges,
  IncidentObservation,
  IncidentStore,
  NewIncident,
} from './types';

const INCIDENTS = 'gsv_ops_incidents';
const NOTES = 'gsv_ops_incident_notes';
const OBSERVATIONS = 'gsv_ops_incident_observations';

interface IncidentRow {
  id: string;
  entity_ref: string;
  open_entity_ref: string | null;
  severity: string;
  summary: string;
  commander: string;
  status: string;
  declared_by: string;
  declared_at: number | string;
  resolved_by: string | null;
  resolved_at: number | string | null;
}

interface NoteRow {
  incident_id: string;
  author: string;
  kind: string;
  text: string;
  at: number | string;
}

interface ObservationRow {
  incident_id: string;
  observation_key: string;
  kind: string;
  at: number | string;
  title: string;
  detail: string | null;
  link: string | null;
  resolved_at: number | string | null;
}

/** The incident store on the plugin's database (SQLite or PostgreSQL); tables from `migrations/`. */
export class DatabaseIncidentStore implements IncidentStore {
  constructor(private readonly db: Knex) {}

  async create(incident: NewIncident): Promise<Incident> {
    try {
      await this.db<IncidentRow>(INCIDENTS).insert({
        id: incident.id,
        entity_ref: incident.entityRef,
        open_entity_ref: incident.entityRef,
        severity: incident.severity,
        summary: incident.summary,
        commander: incident.commander,
        status: 'open',
        declared_by: incident.declaredBy,
        declared_at: incident.declaredAt,
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const open = await this.findOpen(incident.entityRef);
      // Otherwise the id was taken (2^32 ids): the caller may try again.
      if (!open) throw e;
      throw new ConflictError(
        `${incident.entityRef} already has an open incident (${open.id}: ${open.summary}); update or resolve it first`,
      );
    }
    return (await this.get(incident.id))!;
  }

  async get(id: string): Promise<Incident | undefined> {
    const row = await this.db<IncidentRow>(INCIDENTS).where({ id }).first();
    return row ? (await this.withNotes([row]))[0] : undefined;
  }

  async findOpen(entityRef: string): Promise<Incident | undefined> {
    const row = await this.db<IncidentRow>(INCIDENTS)
      .where({ open_entity_ref: entityRef })
      .first();
    return row ? (await this.withNotes([row]))[0] : undefined;
  }

  async list(options: {
    entityRef?: string;
    status?: Incident['status'];
    limit: number;
  }): Promise<Incident[]> {
    let query = this.db<IncidentRow>(INCIDENTS);
    if (options.entityRef)
      query = query.where({ entity_ref: options.entityRef });
    if (options.status) query = query.where({ status: options.status });
    const rows = await query
      .orderBy([
        { column: 'declared_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    return this.withNotes(rows);
  }

  async update(
    id: string,
    changes: IncidentChanges,
    note: Omit<IncidentNote, 'kind'>,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const updated = await tx<IncidentRow>(INCIDENTS)
        .where({ id, status: 'open' })
        .update(changes);
      if (updated === 0) return false;
      await tx<NoteRow>(NOTES).insert(noteRow(id, { ...note, kind: 'change' }));
      return true;
    });
  }

  async addNote(id: string, note: IncidentNote): Promise<void> {
    await this.db<NoteRow>(NOTES).insert(noteRow(id, note));
  }

  async resolve(id: string, by: string, at: number): Promise<boolean> {
    const updated = await this.db<IncidentRow>(INCIDENTS)
      .where({ id, status: 'open' })
      .update({
        status: 'resolved',
        open_entity_ref: null,
        resolved_by: by,
        resolved_at: at,
      });
    return updated > 0;
  }

  async observe(
    incidentId: string,
    observations: IncidentObservation[],
  ): Promise<void> {
    if (observations.length === 0) return;
    await this.db<ObservationRow>(OBSERVATIONS)
      .insert(
        observations.map(o => ({
          incident_id: incidentId,
          observation_key: o.key,
          kind: o.kind,
          at: o.at,
          title: o.title,
          detail: o.detail ?? null,
          link: o.link ?? null,
          resolved_at: null,
        })),
      )
      .onConflict(['incident_id', 'observation_key'])
      // A seen-again alert fires again; an event's last time moves on.
      .merge(['at', 'title', 'detail', 'link', 'resolved_at']);
  }

  async resolveAlertsNotFiring(
    incidentId: string,
    cluster: string,
    firingKeys: string[],
    at: number,
  ): Promise<void> {
    const prefix = `alert:${cluster}:`;
    const firing = new Set(firingKeys);
    const unresolved = await this.db<ObservationRow>(OBSERVATIONS)
      .where({ incident_id: incidentId, kind: 'alert' })
      .whereNull('resolved_at')
      .select('observation_key');
    const ended = unresolved
      .map(r => r.observation_key)
      .filter(key => key.startsWith(prefix) && !firing.has(key));
    if (ended.length === 0) return;
    await this.db<ObservationRow>(OBSERVATIONS)
      .where({ incident_id: incidentId })
      .whereIn('observation_key', ended)
      .whereNull('resolved_at')
      .update({ resolved_at: at });
  }

  async observations(incidentId: string): Promise<IncidentObservation[]> {
    const rows = await this.db<ObservationRow>(OBSERVATIONS)
      .where({ incident_id: incidentId })
      .orderBy('at');
    return rows.map(row => ({
      key: row.observation_key,
      kind: row.kind as IncidentObservation['kind'],
      at: Number(row.at),
      title: row.title,
      ...(row.detail ? { detail: row.detail } : {}),
      ...(row.link ? { link: row.link } : {}),
      ...(row.resolved_at !== null
        ? { resolvedAt: Number(row.resolved_at) }
        : {}),
    }));
  }

  private async withNotes(rows: IncidentRow[]): Promise<Incident[]> {
    if (rows.length === 0) return [];
    const notes = await this.db<NoteRow>(NOTES)
      .whereIn(
        'incident_id',
        rows.map(r => r.id),
      )
      .orderBy([{ column: 'at' }, { column: 'id' }]);
    return rows.map(row =>
      toIncident(
        row,
        notes.filter(n => n.incident_id === row.id),
      ),
    );
  }
}

function noteRow(incidentId: string, note: IncidentNote) {
  return {
    incident_id: incidentId,
    author: note.author,
    kind: note.kind,
    text: note.text,
    at: Date.parse(note.at),
  };
}

function toIncident(row: IncidentRow, notes: NoteRow[]): Incident {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    severity: row.severity as IncidentSeverity,
    summary: row.summary,
    commander: row.commander,
    status: row.status as Incident['status'],
    declaredBy: row.declared_by,
    declaredAt: new Date(Number(row.declared_at)).toISOString(),
    ...(row.resolved_by ? { resolvedBy: row.resolved_by } : {}),
    ...(row.resolved_at !== null
      ? { resolvedAt: new Date(Number(row.resolved_at)).toISOString() }
      : {}),
    notes: notes.map(n => ({
      author: n.author,
      at: new Date(Number(n.at)).toISOString(),
      kind: n.kind as IncidentNote['kind'],
      text: n.text,
    })),
  };
}
