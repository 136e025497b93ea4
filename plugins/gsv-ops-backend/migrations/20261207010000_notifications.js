/*
 * Notifications about entity conditions (an expiring certificate, a failed backup, a full volume) go out once per
 * condition per day, however many replicas run the check: each one claims (entity, condition, day) here first, and
 * only the replica whose insert succeeds sends.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gsv_ops_notified_conditions', table => {
    table.comment('Entity conditions GSV Ops told the owners about, one row per condition per day');
    table.string('entity_ref', 255).notNullable().comment('The entity whose owners were told');
    table
      .string('condition_key', 512)
      .notNullable()
      .comment('The condition, e.g. gsv-prod:certificate:cmp/agent-registry-tls:expiry');
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table.bigInteger('notified_at').notNullable().comment('Epoch ms of the claim');
    table.unique(['entity_ref', 'condition_key', 'day'], { indexName: 'gsv_ops_notified_conditions_uq' });
    table.index(['day'], 'gsv_ops_notified_conditions_day_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gsv_ops_notified_conditions');
};
