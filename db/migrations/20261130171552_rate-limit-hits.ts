import type { Knex } from 'knex';

/**
 * Issue #17: rate-limit counters shared by every API process (db/rate-limits.ts), one row per key and fixed
 * window. UNLOGGED: counters are worth losing on a crash (limits restart) and not worth WAL on every request. Only
 * the owner connection touches them; the app role has no access.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE UNLOGGED TABLE rate_limit_hits (
    key text PRIMARY KEY,
    hits integer NOT NULL,
    reset_at timestamptz NOT NULL
  )`);
  await knex.raw(`CREATE INDEX rate_limit_hits_reset_at_index ON rate_limit_hits (reset_at)`);
  await knex.raw(`DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recomamp_app') THEN
      REVOKE ALL ON rate_limit_hits FROM recomamp_app;
    END IF;
  END $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS rate_limit_hits');
}
