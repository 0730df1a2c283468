import type { Knex } from 'knex';

/**
 * Issue #3: row-level security as defence in depth, and the columns the background token refresh records.
 *
 * RLS design: the API runs every query of a request as the NOLOGIN role `recomamp_app` with the caller's id in
 * `recomamp.user_id` (db/tenant-db.ts sets both when a connection is checked out). The policies below let that
 * role see and write only the caller's rows, even through a query that forgot its `user_id` filter. The owner
 * (the migrating user: workers, migrations, the auth flow) is the system context and is not restricted, so
 * ENABLE (not FORCE) is deliberate: FORCE would bind a non-superuser owner too and stop the worker.
 *
 * Not under RLS: the shared catalog (read-only for the app role), amc_quota_tickets and amc_circuit_breakers
 * (cross-user by design: AMC's limits are per AMC instance/account), and the auth tables, which the app role
 * cannot read at all (refresh_tokens, oauth_states).
 */

export const APP_ROLE = 'recomamp_app';

/** Tenant tables with their own user_id (users: its id). */
const OWN_USER_ID: Record<string, string> = {
  users: 'id',
  amc_accounts: 'user_id',
  amc_instances: 'user_id',
  workflows: 'user_id',
  workflow_executions: 'user_id',
  schedules: 'user_id',
  data_collections: 'user_id',
};
/**
 * Readable by all (the catalog shows how often each template was used, across users: counts only), writable
 * only as one's own.
 */
const SHARED_READ_OWN_WRITE: Record<string, string> = { query_template_usages: 'user_id' };
/** Child tables: visible when their parent row is (the parent's own policy applies inside the subquery). */
const VIA_PARENT: Record<string, [column: string, parent: string]> = {
  execution_status_events: ['execution_id', 'workflow_executions'],
  execution_results: ['execution_id', 'workflow_executions'],
  schedule_pauses: ['schedule_id', 'schedules'],
  schedule_skips: ['schedule_id', 'schedules'],
  collection_weeks: ['collection_id', 'data_collections'],
};
const NO_ACCESS = ['refresh_tokens', 'oauth_states', 'knex_migrations', 'knex_migrations_lock'];
const READ_ONLY = ['query_templates', 'data_sources', 'data_source_fields', 'build_guides'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('amazon_token_refreshed_at', { useTz: true });
    t.timestamp('amazon_refresh_attempted_at', { useTz: true });
    t.text('amazon_refresh_error');
    t.integer('amazon_refresh_failures').notNullable().defaultTo(0);
    /** Set once the user's schedules and collections were paused for re-consent; cleared when they resume. */
    t.timestamp('amazon_work_paused_at', { useTz: true });
  });
  // Who paused it: NULL (the user, through the API) or AMAZON_CONSENT_REQUIRED (undone on the next login).
  await knex.schema.alterTable('schedules', (t) => t.text('paused_by'));
  await knex.schema.alterTable('data_collections', (t) => t.text('paused_by'));

  await knex.raw(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} NOLOGIN; END IF;
  END $$`);
  // A non-superuser owner must be a member to SET ROLE to it (a superuser may anyway).
  await knex.raw(`GRANT ${APP_ROLE} TO CURRENT_USER`);
  await knex.raw(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
  await knex.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
  await knex.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
  // Tables later migrations create are usable by the API too (add their policies in that migration).
  await knex.raw(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`,
  );
  await knex.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
  for (const table of NO_ACCESS) await knex.raw(`REVOKE ALL ON ${table} FROM ${APP_ROLE}`);
  for (const table of READ_ONLY) await knex.raw(`REVOKE INSERT, UPDATE, DELETE ON ${table} FROM ${APP_ROLE}`);

  // NULL (no user set, or an empty one) matches no row: fail closed.
  await knex.raw(`CREATE OR REPLACE FUNCTION recomamp_current_user_id() RETURNS uuid LANGUAGE sql STABLE AS
    $$ SELECT nullif(current_setting('recomamp.user_id', true), '')::uuid $$`);
  for (const [table, column] of Object.entries(OWN_USER_ID)) {
    await knex.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
    await knex.raw(
      `CREATE POLICY tenant_isolation ON ${table} TO ${APP_ROLE}
       USING (${column} = recomamp_current_user_id()) WITH CHECK (${column} = recomamp_current_user_id())`,
    );
  }
  for (const [table, column] of Object.entries(SHARED_READ_OWN_WRITE)) {
    const own = `${column} = recomamp_current_user_id()`;
    await knex.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
    await knex.raw(`CREATE POLICY tenant_read ON ${table} FOR SELECT TO ${APP_ROLE} USING (true)`);
    await knex.raw(`CREATE POLICY tenant_insert ON ${table} FOR INSERT TO ${APP_ROLE} WITH CHECK (${own})`);
    await knex.raw(
      `CREATE POLICY tenant_update ON ${table} FOR UPDATE TO ${APP_ROLE} USING (${own}) WITH CHECK (${own})`,
    );
    await knex.raw(`CREATE POLICY tenant_delete ON ${table} FOR DELETE TO ${APP_ROLE} USING (${own})`);
  }
  for (const [table, [column, parent]] of Object.entries(VIA_PARENT)) {
    const owned = `EXISTS (SELECT 1 FROM ${parent} p WHERE p.id = ${table}.${column})`;
    // An execution's first event is inserted in the same statement as the execution (db/executions.ts), whose
    // row that statement's snapshot cannot see yet: new events are checked by their foreign key only.
    const check = table === 'execution_status_events' ? 'true' : owned;
    await knex.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
    await knex.raw(`CREATE POLICY tenant_isolation ON ${table} TO ${APP_ROLE} USING (${owned}) WITH CHECK (${check})`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of Object.keys(SHARED_READ_OWN_WRITE)) {
    for (const policy of ['tenant_read', 'tenant_insert', 'tenant_update', 'tenant_delete']) {
      await knex.raw(`DROP POLICY IF EXISTS ${policy} ON ${table}`);
    }
    await knex.raw(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
  }
  for (const table of [...Object.keys(OWN_USER_ID), ...Object.keys(VIA_PARENT)]) {
    await knex.raw(`DROP POLICY IF EXISTS tenant_isolation ON ${table}`);
    await knex.raw(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
  }
  await knex.raw('DROP FUNCTION IF EXISTS recomamp_current_user_id()');
  await knex.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP_ROLE}`);
  await knex.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP_ROLE}`);
  await knex.raw(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
  await knex.raw(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
  await knex.raw(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
  // The role itself stays: roles are cluster-wide and another database may use it.
  await knex.schema.alterTable('data_collections', (t) => t.dropColumn('paused_by'));
  await knex.schema.alterTable('schedules', (t) => t.dropColumn('paused_by'));
  await knex.schema.alterTable('users', (t) => {
    for (const c of [
      'amazon_token_refreshed_at',
      'amazon_refresh_attempted_at',
      'amazon_refresh_error',
      'amazon_refresh_failures',
      'amazon_work_paused_at',
    ]) {
      t.dropColumn(c);
    }
  });
}
