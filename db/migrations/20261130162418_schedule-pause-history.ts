import type { Knex } from 'knex';

/**
 * Issue 16 finding 5: a schedule's pause history keeps who paused it and why, and who resumed it and why (resume
 * no longer loses the pause note). `paused_by` / `resumed_by`: `user:<user id>` or `system:<reason>` (e.g.
 * system:AMAZON_CONSENT_REQUIRED); NULL on intervals recorded before this migration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('schedule_pauses', (t) => {
    t.text('paused_by');
    t.text('resumed_by');
    t.text('resume_note');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('schedule_pauses', (t) => {
    t.dropColumn('paused_by');
    t.dropColumn('resumed_by');
    t.dropColumn('resume_note');
  });
}
