import type { Knex } from 'knex';

/** The API's role (db/roles.ts), copied: a migration is history and must not change when code does. */
const APP_ROLE = 'recomamp_app';

/**
 * Issue #18, polling that knows the query: how long past AMC runs took, per saved query and per AMC instance (the
 * fallback for a query with no history), most recent first, at most lib/poll-plan.ts DURATION_SAMPLES_KEPT each.
 * The worker writes a run's time when AMC reports it finished and reads them when it submits the next run; the
 * API never reads this table (an execution shows its own `expected_completion_at`), so the app role gets nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('amc_run_durations', (t) => {
    t.uuid('saved_query_id').references('saved_queries.id').onDelete('CASCADE');
    t.uuid('instance_id').references('amc_instances.id').onDelete('CASCADE');
    t.specificType('seconds', 'double precision[]').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE amc_run_durations ADD CONSTRAINT amc_run_durations_one_scope
     CHECK ((saved_query_id IS NULL) <> (instance_id IS NULL))`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX amc_run_durations_saved_query ON amc_run_durations (saved_query_id)
     WHERE saved_query_id IS NOT NULL`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX amc_run_durations_instance ON amc_run_durations (instance_id) WHERE instance_id IS NOT NULL`,
  );
  await knex.raw(`REVOKE ALL ON amc_run_durations FROM ${APP_ROLE}`);
  await knex.schema.alterTable('executions', (t) => {
    /** When the run is expected to finish at AMC (from its query's past runs); null without history. */
    t.timestamp('expected_completion_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('executions', (t) => t.dropColumn('expected_completion_at'));
  await knex.schema.dropTable('amc_run_durations');
}
