import type { Knex } from 'knex';

/**
 * Issue 15 #10: every completion is its own event.
 * - data_collections.completions counts the collection's completions (a retry-failed or rerun-stale can finish it
 *   again; a cancel finishes it too); the workflow reads the number when it records one.
 * - webhook_deliveries.occurrence: which completion of the subject a delivery announces, so a second completion
 *   gets new deliveries (new ids) instead of finding the first one's (the unique key now includes it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('data_collections', (t) => {
    t.integer('completions').notNullable().defaultTo(0);
  });
  await knex.raw(`UPDATE data_collections SET completions = 1 WHERE completed_at IS NOT NULL`);
  await knex.schema.alterTable('webhook_deliveries', (t) => {
    t.integer('occurrence').notNullable().defaultTo(1);
    t.dropUnique(['webhook_id', 'event', 'subject_id']);
    t.unique(['webhook_id', 'event', 'subject_id', 'occurrence']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DELETE FROM webhook_deliveries WHERE occurrence > 1`);
  await knex.schema.alterTable('webhook_deliveries', (t) => {
    t.dropUnique(['webhook_id', 'event', 'subject_id', 'occurrence']);
    t.unique(['webhook_id', 'event', 'subject_id']);
    t.dropColumn('occurrence');
  });
  await knex.schema.alterTable('data_collections', (t) => {
    t.dropColumn('completions');
  });
}
