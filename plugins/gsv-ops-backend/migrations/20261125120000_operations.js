/*
 * The operations engine's tables: the audit log of every operation (one row per operation, one row per step) and the
 * per-target locks. Times are epoch milliseconds (bigint) so that lease arithmetic is identical on SQLite and
 * PostgreSQL.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gsv_ops_operations', table => {
    table.comment('Every operation the GSV Ops engine ran or is running: the audit log');
    table.string('id', 64).primary().comment('Operation id (UUID)');
    table.string('runbook', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('environment', 64).notNullable();
    table.string('target_kind', 64).notNullable();
    table.string('target_namespace', 253).nullable();
    table.string('target_name', 253).notNullable();
    table.text('parameters').notNullable().comment('JSON of the validated parameters');
    table.boolean('dry_run').notNullable();
    table.string('status', 32).notNullable();
    table.string('initiated_by', 255).notNullable().comment('Entity ref of the user or service that started it');
    table.string('origin', 255).nullable();
    table.string('incident_id', 64).nullable();
    table.string('incident_severity', 8).nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('started_at').nullable();
    table.bigInteger('finished_at').nullable();
    table.text('summary').nullable();
    table.text('result').nullable().comment('JSON');
    table.string('holder', 128).nullable().comment('The backend instance that runs it');
    table.bigInteger('lease_expires_at').nullable().comment('Renewed by the holder; once past, the janitor marks it interrupted');
    table.bigInteger('cancel_requested_at').nullable();
    table.string('cancel_requested_by', 255).nullable();
    table.index(['entity_ref', 'created_at'], 'gsv_ops_operations_entity_idx');
    table.index(['status', 'lease_expires_at'], 'gsv_ops_operations_status_idx');
    table.index(['created_at'], 'gsv_ops_operations_created_idx');
  });

  await knex.schema.createTable('gsv_ops_operation_steps', table => {
    table.comment('The step log of each operation');
    table
      .string('operation_id', 64)
      .notNullable()
      .references('id')
      .inTable('gsv_ops_operations')
      .onDelete('CASCADE');
    table.integer('step_index').notNullable();
    table.string('name', 64).notNullable();
    table.string('status', 16).notNullable();
    table.text('message').notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.text('detail').nullable().comment('JSON: the object and the diff of a plan or apply step');
    table.primary(['operation_id', 'step_index']);
  });

  await knex.schema.createTable('gsv_ops_locks', table => {
    table.comment('One row per locked target; a row whose lease expired may be taken over');
    table.string('lock_key', 64).primary().comment('sha256 of the target key');
    table.text('target').notNullable().comment('The readable target key: cluster/kind/namespace/name');
    table.string('operation_id', 64).notNullable();
    table.string('holder', 128).notNullable();
    table.bigInteger('acquired_at').notNullable();
    table.bigInteger('expires_at').notNullable();
    table.index(['operation_id'], 'gsv_ops_locks_operation_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gsv_ops_locks');
  await knex.schema.dropTable('gsv_ops_operation_steps');
  await knex.schema.dropTable('gsv_ops_operations');
};
