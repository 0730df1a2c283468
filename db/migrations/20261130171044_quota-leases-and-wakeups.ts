import type { Knex } from 'knex';

/**
 * Issue 15 #3 and #7, the AMC quota gate (db/amc-quota.ts):
 * - lease_expires_at: a granted ticket is a lease, renewed by the execution's polls; an expired one is reclaimed
 *   by the reconciler once the execution is terminal or its workflow is gone.
 * - notified_at: a waiter granted a slot by someone else's grant pass is woken by a signal, once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('amc_quota_tickets', (t) => {
    t.timestamp('lease_expires_at', { useTz: true });
    t.timestamp('notified_at', { useTz: true });
  });
  await knex.raw(`UPDATE amc_quota_tickets SET lease_expires_at = now() + interval '10 minutes', notified_at = now()
                  WHERE granted_at IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('amc_quota_tickets', (t) => {
    t.dropColumn('lease_expires_at');
    t.dropColumn('notified_at');
  });
}
