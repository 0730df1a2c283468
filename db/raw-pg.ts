/**
 * Statements on the hot paths (the API's execute, list and get) sent to node-postgres directly, on a connection
 * of a knex pool, without knex's query builder: building, compiling and post-processing a query cost more API CPU
 * than Postgres spent answering it (issue 18's profile: knex + lodash ≈ 14 % of the API's CPU per start).
 *
 * The connection comes from the pool's own `acquireConnection`, so the tenant pool's rule (db/tenant-db.ts: every
 * checkout runs as the app role with the request's user set, row-level security on) applies unchanged; the owner
 * pool gives the owner's connection, as its knex queries do. Statements are named (prepared once per connection):
 * Postgres parses and plans them once, not per request. Rows come back through the same pg type parsers as knex's.
 *
 * A named statement's result columns are fixed when it is prepared: after a migration adds a column to its table
 * while this process runs (a rolling deploy runs old processes on the new schema), Postgres refuses it with
 * "cached plan must not change result type". That connection then sends the statement unnamed (parsed each time,
 * with the new columns) for the rest of its life; a new process prepares it afresh.
 */
import type { Knex } from 'knex';

export interface RawStatement {
  /** Prepared once per connection under this name; the same name must always mean the same text. */
  name: string;
  text: string;
  values: unknown[];
}

interface PgConnection {
  query(config: RawStatement): Promise<{ rows: unknown[] }>;
}
interface PooledClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
}

/** Per connection, the names of statements whose prepared form went stale (see above): sent unnamed there. */
const staleNames = new WeakMap<PgConnection, Set<string>>();

const isStalePlan = (err: unknown) =>
  (err as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String(err));

/** Runs one statement on a connection of `db`'s pool and returns its rows. */
export async function rawRows<T>(db: Knex, statement: RawStatement): Promise<T[]> {
  const client = db.client as PooledClient;
  const connection = await client.acquireConnection();
  const unnamed = { text: statement.text, values: statement.values } as RawStatement;
  try {
    if (staleNames.get(connection)?.has(statement.name)) return (await connection.query(unnamed)).rows as T[];
    try {
      return (await connection.query(statement)).rows as T[];
    } catch (err) {
      if (!isStalePlan(err)) throw err;
      const names = staleNames.get(connection) ?? new Set<string>();
      staleNames.set(connection, names.add(statement.name));
      return (await connection.query(unnamed)).rows as T[];
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

/** Double-quotes an identifier (our own column names; never request input). */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
