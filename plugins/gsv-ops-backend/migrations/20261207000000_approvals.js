/*
 * Approvals: an operation that needs approval is recorded as `awaiting-approval` with one row here (how many
 * approvals from which group, until when) and one row per vote. The vote's primary key keeps one vote per person;
 * the operation's status changes with conditional updates, so two replicas never both start it.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gsv_ops_approvals', table => {
    table.comment('The approval an operation needs before it runs, or its review after a P1 emergency run');
    table
      .string('operation_id', 64)
      .primary()
      .references('id')
      .inTable('gsv_ops_operations')
      .onDelete('CASCADE');
    table
      .string('status', 32)
      .notNullable()
      .comment('requested, approved, rejected, expired, cancelled; review-requested, reviewed after an emergency run');
    table.integer('required').notNullable().comment('How many approvals it needs');
    table.string('approver_group', 255).notNullable().comment('Entity ref of the group the approvers belong to');
    table.bigInteger('expires_at').nullable();
    table.string('emergency_incident', 64).nullable().comment('The P1 incident that waived the approval before the run');
    table.bigInteger('requested_at').notNullable();
    table.bigInteger('decided_at').nullable();
    table.index(['status', 'expires_at'], 'gsv_ops_approvals_status_idx');
  });

  await knex.schema.createTable('gsv_ops_approval_votes', table => {
    table.comment('Who approved or rejected which operation');
    table
      .string('operation_id', 64)
      .notNullable()
      .references('operation_id')
      .inTable('gsv_ops_approvals')
      .onDelete('CASCADE');
    table.string('approver', 255).notNullable().comment('Entity ref of the user');
    table.string('decision', 16).notNullable().comment('approve or reject');
    table.text('comment').nullable();
    table.bigInteger('at').notNullable();
    table.primary(['operation_id', 'approver']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gsv_ops_approval_votes');
  await knex.schema.dropTable('gsv_ops_approvals');
};
