import type { Knex } from 'knex';

/**
 * Issue 16 finding 3: an idempotency key is bound to its request. executions.idempotency_request holds the canonical
 * request (lib/request-fingerprint.ts) a key was first used with; rows from before have none and match any request.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('executions', (t) => {
    t.jsonb('idempotency_request');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('executions', (t) => {
    t.dropColumn('idempotency_request');
  });
}
