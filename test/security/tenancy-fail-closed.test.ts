/**
 * Tenancy fails closed (issue #17): the API's tenant pool without a tenant context sees and writes nothing (it never
 * falls back to the owner); every write policy checks ownership (no `WITH CHECK (true)`); the cross-tenant tables
 * (AMC quota tickets, circuit breakers) are written only by the system connection the worker uses; and every table
 * in the schema is declared here with what the app role may do with it, so a new table cannot slip in unprotected.
 */
import { randomUUID } from 'node:crypto';
import { runAsTenant } from '../../db/tenant-db';
import { APP_ROLE } from '../../db/roles';
import { createWorkspace, insertExecutionRow, uniqueSimUser, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let alice: Workspace;
let bob: Workspace;
let aliceExecution: string;

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  [alice, bob] = await Promise.all([
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('fc-alice') }),
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('fc-bob') }),
  ]);
  aliceExecution = await insertExecutionRow(stack, alice);
});
afterAll(() => stack?.close());

const tenantDb = () => stack.deps.repos.db;

describe('no tenant context', () => {
  test('when the tenant pool is used outside any request, then it sees no tenant row and writes none', async () => {
    // The rows exist (the owner connection sees them)...
    expect(await stack.db('saved_queries').where({ id: alice.savedQuery.id }).first()).toBeDefined();
    // ...but the tenant pool, with no tenant context at all, is not the owner: it sees nothing.
    expect(await tenantDb()('saved_queries').where({ id: alice.savedQuery.id })).toEqual([]);
    expect(await tenantDb()('users').select('id')).toEqual([]);
    expect(await tenantDb()('executions').where({ id: aliceExecution })).toEqual([]);
    expect(await tenantDb()('saved_queries').where({ id: alice.savedQuery.id }).update({ name: 'hijacked' })).toBe(0);
    expect(await tenantDb()('saved_queries').where({ id: alice.savedQuery.id }).delete()).toBe(0);
    await expect(
      tenantDb()('saved_queries').insert({
        user_id: alice.session.user.id,
        instance_id: alice.instance.id,
        name: 'planted',
        sql_query: 'SELECT 1',
      }),
    ).rejects.toThrow(/row-level security/);
    await expect(tenantDb()('refresh_tokens').select('id')).rejects.toThrow(/permission denied/);
    expect((await stack.db('saved_queries').where({ id: alice.savedQuery.id }).first()).name).toBe(
      alice.savedQuery.name,
    );
  });
});

describe('write checks', () => {
  test("when Bob's context adds a status event to Alice's execution, then Postgres refuses it", async () => {
    await runAsTenant(bob.session.user.id, async () => {
      await expect(
        tenantDb()('execution_status_events').insert({
          execution_id: aliceExecution,
          user_id: alice.session.user.id,
          status: 'FAILED',
          detail: 'planted',
        }),
      ).rejects.toThrow(/row-level security|violates foreign key/);
      await expect(
        tenantDb()('execution_status_events').insert({
          execution_id: aliceExecution,
          user_id: bob.session.user.id,
          status: 'FAILED',
          detail: 'planted',
        }),
      ).rejects.toThrow(/row-level security|violates foreign key/);
    });
    expect(
      await stack.db('execution_status_events').where({ execution_id: aliceExecution, detail: 'planted' }),
    ).toEqual([]);
  });

  test('when any policy of the app role lets a write through, then it checks ownership (never WITH CHECK true)', async () => {
    const { rows } = (await stack.db.raw(
      `SELECT tablename, policyname, cmd, qual, with_check FROM pg_policies
       WHERE schemaname = 'public' AND ? = ANY(roles)`,
      [APP_ROLE],
    )) as { rows: { tablename: string; policyname: string; cmd: string; qual: string; with_check: string | null }[] };
    expect(rows.length).toBeGreaterThan(10);
    const writable = rows.filter((p) => p.cmd !== 'SELECT' && p.cmd !== 'DELETE');
    const unchecked = writable.filter((p) => !p.with_check || p.with_check.trim() === 'true');
    expect(unchecked.map((p) => `${p.tablename}.${p.policyname}`)).toEqual([]);
    for (const p of writable)
      expect([p.tablename, p.with_check]).toEqual([
        p.tablename,
        expect.stringMatching(/recomamp_current_user_id\(\)|EXISTS/),
      ]);
  });

  test('when the app role writes the cross-tenant AMC tables, then Postgres refuses; it may read them', async () => {
    await runAsTenant(bob.session.user.id, async () => {
      await expect(
        tenantDb()('amc_quota_tickets').insert({
          execution_id: randomUUID(),
          amc_instance_id: alice.instance.instanceId,
          amc_account_id: 'ENTITYX',
          priority: 0,
        }),
      ).rejects.toThrow(/permission denied/);
      await expect(tenantDb()('amc_quota_tickets').delete()).rejects.toThrow(/permission denied/);
      await expect(
        tenantDb()('amc_circuit_breakers').insert({ instance_key: alice.instance.instanceId, state: 'open' }),
      ).rejects.toThrow(/permission denied/);
      await expect(tenantDb()('amc_circuit_breakers').update({ state: 'open' })).rejects.toThrow(/permission denied/);
      expect(Array.isArray(await tenantDb()('amc_quota_tickets').select('execution_id').limit(1))).toBe(true);
      expect(Array.isArray(await tenantDb()('amc_circuit_breakers').select('instance_key').limit(1))).toBe(true);
    });
  });
});

/** What the API's app role may do with each table. A new table fails here until it is declared (and protected). */
const TABLE_ACCESS: Record<string, 'tenant' | 'read-only' | 'none'> = {
  users: 'tenant',
  amc_accounts: 'tenant',
  amc_instances: 'tenant',
  saved_queries: 'tenant',
  executions: 'tenant',
  execution_status_events: 'tenant',
  execution_results: 'tenant',
  schedules: 'tenant',
  schedule_pauses: 'tenant',
  schedule_skips: 'tenant',
  data_collections: 'tenant',
  collection_weeks: 'tenant',
  webhooks: 'tenant',
  webhook_deliveries: 'tenant',
  query_template_usages: 'tenant', // readable by all (usage counts), writable as one's own
  query_templates: 'read-only',
  data_sources: 'read-only',
  data_source_fields: 'read-only',
  build_guides: 'read-only',
  amc_quota_tickets: 'read-only', // cross-tenant: written by the worker (system connection) only
  amc_circuit_breakers: 'read-only',
  amc_run_durations: 'none', // past AMC run times (issue #18): the worker's system connection only
  refresh_tokens: 'none',
  oauth_states: 'none',
  rate_limit_hits: 'none',
  knex_migrations: 'none',
  knex_migrations_lock: 'none',
};

test('when the schema is read, then every table is declared and the app role has exactly its declared access', async () => {
  const { rows } = (await stack.db.raw(
    `SELECT c.relname AS name, c.relrowsecurity AS rls,
            has_table_privilege(?, c.oid, 'SELECT') AS can_select,
            has_table_privilege(?, c.oid, 'INSERT') OR has_table_privilege(?, c.oid, 'UPDATE')
              OR has_table_privilege(?, c.oid, 'DELETE') AS can_write
     FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
    [APP_ROLE, APP_ROLE, APP_ROLE, APP_ROLE],
  )) as { rows: { name: string; rls: boolean; can_select: boolean; can_write: boolean }[] };
  const undeclared = rows.map((r) => r.name).filter((n) => !(n in TABLE_ACCESS));
  expect(undeclared).toEqual([]);
  for (const r of rows) {
    const access = TABLE_ACCESS[r.name];
    const actual =
      r.can_write && r.rls ? 'tenant' : r.can_write ? 'writable without RLS' : r.can_select ? 'read-only' : 'none';
    expect([r.name, actual]).toEqual([r.name, access]);
  }
});
