import type { Knex } from 'knex';

/**
 * Issue #7: one circuit breaker per AMC instance, in Postgres so every worker process (and a restarted one)
 * sees the same state. Keyed by AMC's own instance id: two users who imported the same instance share it.
 * System state, not user data: no user_id, read by activities and the API's instance view.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('amc_circuit_breakers', (t) => {
    t.text('instance_key').primary();
    t.text('state').notNullable().defaultTo('closed'); // closed | open | half_open
    t.integer('consecutive_failures').notNullable().defaultTo(0);
    t.timestamp('opened_at', { useTz: true });
    t.timestamp('next_probe_at', { useTz: true });
    t.timestamp('probe_started_at', { useTz: true });
    t.text('last_error');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE amc_circuit_breakers ADD CONSTRAINT amc_circuit_breakers_state_check
    CHECK (state IN ('closed', 'open', 'half_open'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('amc_circuit_breakers');
}
