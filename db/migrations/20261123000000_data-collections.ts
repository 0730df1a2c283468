import type { Knex } from 'knex';

/**
 * Issue #6: multi-week data collections and the AMC quota gate.
 * - workflow_executions.run_kind (manual | scheduled | backfill) orders waiters at the quota gate.
 * - amc_quota_tickets: one row per execution that wants or holds an AMC slot (see db/amc-quota.ts).
 * - data_collections + collection_weeks: the collection and its per-week ledger.
 */
export async function up(knex: Knex): Promise<void> {
  // Issue #5's migration adds the same column when it is missing, so either may run first; NULL reads as manual.
  const hasKind = await knex.schema.hasColumn('workflow_executions', 'run_kind');
  await knex.schema.alterTable('workflow_executions', (t) => {
    if (hasKind) t.text('run_kind').defaultTo('manual').alter();
    else t.text('run_kind').defaultTo('manual');
  });

  await knex.schema.createTable('amc_quota_tickets', (t) => {
    t.uuid('execution_id').primary().references('workflow_executions.id').onDelete('CASCADE');
    // AMC's own ids: the limits are AMC's, so two users who imported the same instance share one budget.
    t.text('amc_instance_id').notNullable();
    t.text('amc_account_id').notNullable().index();
    t.smallint('priority').notNullable();
    t.timestamp('enqueued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('polled_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('granted_at', { useTz: true });
    t.index(['amc_instance_id', 'granted_at']);
  });

  await knex.schema.createTable('data_collections', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('workflow_id').notNullable().references('workflows.id').onDelete('CASCADE').index();
    t.uuid('instance_id').notNullable().references('amc_instances.id').onDelete('CASCADE');
    t.date('start_date').notNullable();
    t.date('end_date').notNullable();
    t.smallint('week_start_day').notNullable().defaultTo(1);
    t.text('partial_weeks').notNullable().defaultTo('include');
    t.text('status').notNullable();
    t.jsonb('parameters').notNullable().defaultTo('{}');
    t.integer('concurrency').notNullable();
    t.text('temporal_workflow_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'created_at']);
  });

  await knex.schema.createTable('collection_weeks', (t) => {
    t.uuid('collection_id').notNullable().references('data_collections.id').onDelete('CASCADE');
    t.date('week_start').notNullable();
    t.date('week_end').notNullable(); // exclusive
    t.boolean('partial').notNullable().defaultTo(false);
    t.text('status').notNullable().defaultTo('PENDING');
    t.text('wait_reason');
    t.timestamp('next_attempt_at', { useTz: true });
    t.uuid('execution_id').references('workflow_executions.id').onDelete('SET NULL');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('retries_left').notNullable().defaultTo(0);
    t.text('error_code');
    t.text('error_message');
    t.bigInteger('row_count');
    t.text('sql_hash');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['collection_id', 'week_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('collection_weeks');
  await knex.schema.dropTableIfExists('data_collections');
  await knex.schema.dropTableIfExists('amc_quota_tickets');
  // run_kind stays: issue #5's schedules use it too.
}
