import type { Knex } from 'knex';

/**
 * Issue 16 finding 4, collection weeks that tell the truth:
 * - collection_weeks.result_execution_id: the execution whose rows are the week's results. It changes only when a
 *   new run of the week has stored its rows, so a week being rerun (rerun-stale) keeps its old rows until then.
 * - wait_reason may now also be 'consent' (waiting for the user to sign in with Amazon again).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('collection_weeks', (t) => {
    t.uuid('result_execution_id').references('executions.id').onDelete('SET NULL');
  });
  await knex.raw(
    `UPDATE collection_weeks SET result_execution_id = execution_id WHERE status IN ('SUCCEEDED', 'STALE')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`UPDATE collection_weeks SET wait_reason = 'retry' WHERE wait_reason = 'consent'`);
  await knex.schema.alterTable('collection_weeks', (t) => {
    t.dropColumn('result_execution_id');
  });
}
