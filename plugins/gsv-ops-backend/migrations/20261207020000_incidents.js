/*
 * Incidents declared on a service (ops guide §6): one row per incident, its notes and changes, and what GSV Ops
 * observed of the service while it was open (alerts, warning events), so the post-incident record still shows them
 * once Alertmanager and the cluster have forgotten. `open_entity_ref` is the entity while the incident is open and
 * null once resolved: its unique index keeps one open incident per service, whichever replica declares it.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gsv_ops_incidents', table => {
    table.comment('Incidents declared on a service through GSV Ops');
    table.string('id', 64).primary().comment('GSV-INC-…');
    table.string('entity_ref', 255).notNullable();
    table
      .string('open_entity_ref', 255)
      .nullable()
      .comment('entity_ref while open, null once resolved');
    table.string('severity', 2).notNullable().comment('P1 … P4');
    table.text('summary').notNullable();
    table.string('commander', 255).notNullable().comment('User entity ref');
    table.string('status', 16).notNullable().comment('open or resolved');
    table.string('declared_by', 255).notNullable();
    table.bigInteger('declared_at').notNullable();
    table.string('resolved_by', 255).nullable();
    table.bigInteger('resolved_at').nullable();
    table.unique(['open_entity_ref'], {
      indexName: 'gsv_ops_incidents_open_uq',
    });
    table.index(['entity_ref', 'declared_at'], 'gsv_ops_incidents_entity_idx');
    table.index(['status'], 'gsv_ops_incidents_status_idx');
  });

  await knex.schema.createTable('gsv_ops_incident_notes', table => {
    table.comment(
      'Notes on an incident, and changes of its severity, summary or commander',
    );
    table.increments('id');
    table
      .string('incident_id', 64)
      .notNullable()
      .references('id')
      .inTable('gsv_ops_incidents')
      .onDelete('CASCADE');
    table.string('author', 255).notNullable();
    table.string('kind', 16).notNullable().comment('note or change');
    table.text('text').notNullable();
    table.bigInteger('at').notNullable();
    table.index(['incident_id', 'at'], 'gsv_ops_incident_notes_idx');
  });

  await knex.schema.createTable('gsv_ops_incident_observations', table => {
    table.comment(
      'Alerts and warning events of the service seen while an incident was open',
    );
    table
      .string('incident_id', 64)
      .notNullable()
      .references('id')
      .inTable('gsv_ops_incidents')
      .onDelete('CASCADE');
    table
      .string('observation_key', 512)
      .notNullable()
      .comment('alert:<cluster>:<fingerprint> or event:<cluster>:<uid>');
    table.string('kind', 16).notNullable().comment('alert or event');
    table
      .bigInteger('at')
      .notNullable()
      .comment('Alert startsAt, or the event last seen');
    table.string('title', 512).notNullable();
    table.text('detail').nullable();
    table.string('link', 1024).nullable();
    table
      .bigInteger('resolved_at')
      .nullable()
      .comment('Alerts: when GSV Ops first saw it no longer firing');
    table.primary(['incident_id', 'observation_key']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gsv_ops_incident_observations');
  await knex.schema.dropTable('gsv_ops_incident_notes');
  await knex.schema.dropTable('gsv_ops_incidents');
};
