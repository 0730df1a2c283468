import type { Knex } from 'knex';

/**
 * Schedules (issue #5): one row per RecomAMP schedule, mirrored by a Temporal Schedule `recomamp-schedule/<id>`.
 * Executions a schedule started carry schedule_id + scheduled_at. Pause intervals and skips the scheduled-run
 * workflow recorded explain the runs that never became executions.
 *
 * run_kind: issue #6 adds the execution's kind; this migration adds the same nullable column only when it is
 * not there yet, so either migration can run first.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('schedules', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.uuid('workflow_id').notNullable().references('workflows.id').onDelete('CASCADE').index();
    t.text('cron').notNullable();
    t.text('timezone').notNullable();
    t.integer('lookback_days').notNullable();
    t.integer('lag_days').notNullable();
    t.jsonb('parameters').notNullable().defaultTo('{}');
    t.text('overlap').notNullable();
    t.boolean('paused').notNullable().defaultTo(false);
    t.text('note');
    t.text('temporal_schedule_id').notNullable().unique();
    /** When cron or timezone last changed: fires before it were computed from another spec. */
    t.timestamp('spec_updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamps(true, true);
  });
  await knex.schema.createTable('schedule_pauses', (t) => {
    t.bigIncrements('id');
    t.uuid('schedule_id').notNullable().references('schedules.id').onDelete('CASCADE').index();
    t.timestamp('paused_at', { useTz: true }).notNullable();
    t.timestamp('resumed_at', { useTz: true });
    t.text('note');
  });
  await knex.schema.createTable('schedule_skips', (t) => {
    t.uuid('schedule_id').notNullable().references('schedules.id').onDelete('CASCADE');
    t.timestamp('scheduled_at', { useTz: true }).notNullable();
    t.text('reason').notNullable();
    t.text('detail');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['schedule_id', 'scheduled_at']);
  });
  const hasKind = await knex.schema.hasColumn('workflow_executions', 'run_kind');
  await knex.schema.alterTable('workflow_executions', (t) => {
    t.uuid('schedule_id').references('schedules.id').onDelete('SET NULL');
    t.timestamp('scheduled_at', { useTz: true });
    if (!hasKind) t.text('run_kind');
    t.index(['schedule_id', 'scheduled_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workflow_executions', (t) => {
    t.dropIndex(['schedule_id', 'scheduled_at']);
    t.dropColumn('schedule_id');
    t.dropColumn('scheduled_at');
  });
  await knex.schema.dropTableIfExists('schedule_skips');
  await knex.schema.dropTableIfExists('schedule_pauses');
  await knex.schema.dropTableIfExists('schedules');
}
