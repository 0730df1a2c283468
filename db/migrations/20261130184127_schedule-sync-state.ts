import type { Knex } from 'knex';

/**
 * Issue 15 item 6: a schedule row and its Temporal Schedule are written in one order that can be repaired. The row
 * is written first with what Temporal still owes it (`temporal_sync`: PENDING_CREATE | PENDING_UPDATE |
 * PENDING_DELETE, since `sync_requested_at`), then Temporal is written, then the row is marked SYNCED. A crash in
 * between leaves a pending row that the reconciler finishes (activities/reconciler.ts). Existing rows were written
 * by the old path, which committed only once Temporal had accepted: they are SYNCED.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('schedules', (t) => {
    t.text('temporal_sync').notNullable().defaultTo('SYNCED');
    // Milliseconds, as a JS Date holds them: a write compares the value it read back (markSynced, restore).
    t.timestamp('sync_requested_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE schedules ADD CONSTRAINT schedules_temporal_sync_check
       CHECK (temporal_sync IN ('PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE', 'SYNCED'))`,
  );
  await knex.raw(
    `CREATE INDEX schedules_pending_sync ON schedules (sync_requested_at) WHERE temporal_sync <> 'SYNCED'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS schedules_pending_sync');
  await knex.schema.alterTable('schedules', (t) => {
    t.dropChecks(['schedules_temporal_sync_check']);
    t.dropColumn('temporal_sync');
    t.dropColumn('sync_requested_at');
  });
}
