/*
 * Reviewed dry runs, enforced by the server: every operation records the hash of its normalised request, and a real
 * run records the dry run it was reviewed as. A dry run can be used for one real run only (unique index).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gsv_ops_operations', table => {
    table
      .string('request_hash', 64)
      .nullable()
      .comment('sha256 of the normalised request: runbook, entity, cluster, target, parameters');
    table
      .string('reviewed_dry_run_id', 64)
      .nullable()
      .comment('The dry run this real run was reviewed as');
    table.unique(['reviewed_dry_run_id'], { indexName: 'gsv_ops_operations_reviewed_uq' });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gsv_ops_operations', table => {
    table.dropUnique(['reviewed_dry_run_id'], 'gsv_ops_operations_reviewed_uq');
    table.dropColumn('reviewed_dry_run_id');
    table.dropColumn('request_hash');
  });
};
