import type { Knex } from 'knex';

/**
 * Issue 15 #9: token reads take no lock; a refresh claims users.amazon_refresh_lease_until under a short lock,
 * calls LWA with no lock held, and stores the result under another short lock (amazon/tokens.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('amazon_refresh_lease_until', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('amazon_refresh_lease_until');
  });
}
