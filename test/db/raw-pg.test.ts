/**
 * Raw pg statements (db/raw-pg.ts) on real Postgres: a named statement keeps working after a migration adds a
 * column to its table while the process runs (a rolling deploy), and on the tenant pool it runs under row-level
 * security as the request's user, like the knex queries of that pool.
 */
import { randomUUID } from 'node:crypto';
import { createDb } from '../../db';
import { rawRows } from '../../db/raw-pg';
import { createTenantDb, runAsTenant } from '../../db/tenant-db';
import { insertExecutionRow, createWorkspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ noWorker: true });
});
afterAll(() => stack?.close());

test('when a column is added to the table of a prepared statement, then the statement answers with it instead of failing', async () => {
  const db = createDb(stack.config.db.url!, 1); // one connection: the statement is prepared on the one it reruns on
  const table = `raw_pg_probe_${randomUUID().replace(/-/g, '')}`;
  try {
    await db.raw(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
    await db.raw(`INSERT INTO ${table} VALUES (1)`);
    const statement = { name: `probe_${table}`, text: `SELECT * FROM ${table}`, values: [] };
    expect(await rawRows(db, statement)).toEqual([{ id: 1 }]);

    await db.raw(`ALTER TABLE ${table} ADD COLUMN note text NOT NULL DEFAULT 'added'`);

    expect(await rawRows(db, statement)).toEqual([{ id: 1, note: 'added' }]);
    expect(await rawRows(db, statement)).toEqual([{ id: 1, note: 'added' }]);
  } finally {
    await db.raw(`DROP TABLE IF EXISTS ${table}`);
    await db.destroy();
  }
});

test("when the tenant pool runs a raw statement, then it sees the caller's rows only", async () => {
  const [a, b] = [await createWorkspace(stack.apiUrl), await createWorkspace(stack.apiUrl)];
  const [ofA, ofB] = [await insertExecutionRow(stack, a), await insertExecutionRow(stack, b)];
  const tenant = createTenantDb(stack.config.db.url!, 1);
  const statement = {
    name: 'probe_tenant_executions',
    text: 'SELECT id FROM executions WHERE id = ANY ($1::uuid[])',
    values: [[ofA, ofB]],
  };
  try {
    const seenBy = (userId: string | null) => runAsTenant(userId, () => rawRows<{ id: string }>(tenant, statement));
    expect(await seenBy(a.session.user.id)).toEqual([{ id: ofA }]);
    expect(await seenBy(b.session.user.id)).toEqual([{ id: ofB }]);
    expect(await seenBy(null)).toEqual([]);
  } finally {
    await tenant.destroy();
  }
});
