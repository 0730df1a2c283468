/**
 * The API's tenant-scoped database: a knex pool of its own whose every connection checkout first switches the
 * session to the `recomamp_app` role and sets `recomamp.user_id` to the request's user, so Postgres row-level
 * security (migration 20261124100000) applies to every query the request makes, scoped or not.
 *
 * Why per checkout and not one transaction per request: a request that writes a row and then starts a Temporal
 * workflow must commit before the worker reads that row, and a streamed response (CSV, SSE) must not hold a
 * transaction open. A checkout is one query or one transaction, so both keep working unchanged.
 *
 * The user comes from AsyncLocalStorage (`runAsTenant`), which api/app.ts enters for every request after body
 * parsing: `null` until requireAuth has verified the token, the caller's id after. It fails closed: a checkout
 * with no user (an unauthenticated request, or code running outside any request) is still the app role, which
 * sees no tenant row and can write none. This pool is never the owner; code that acts for the system (workers,
 * migrations, the auth flow) uses the owner pool (db/knex.ts) explicitly.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import knex, { type Knex } from 'knex';
import { pgClientConfig, type DbSettings } from './connection';
import { APP_ROLE } from './roles';

interface TenantContext {
  userId: string | null;
}
const tenantContext = new AsyncLocalStorage<TenantContext>();

/** Runs `fn` (and everything it awaits) as `userId`; null = no caller (sees no tenant row, like no context at all). */
export function runAsTenant<T>(userId: string | null, fn: () => T): T {
  return tenantContext.run({ userId }, fn);
}

/** The context of the current request: undefined outside any request (which the tenant pool treats as no user). */
export function currentTenant(): TenantContext | undefined {
  return tenantContext.getStore();
}

type PgConnection = { query(sql: string, values: unknown[]): Promise<unknown> };
type ClientWithPool = { acquireConnection(): Promise<PgConnection>; releaseConnection(c: PgConnection): Promise<void> };

export function createTenantDb(settings: DbSettings | string, poolMax?: number): Knex {
  const s = typeof settings === 'string' ? { url: settings } : settings;
  const db = knex({
    client: 'pg',
    connection: pgClientConfig(s) as Knex.PgConnectionConfig,
    pool: { min: s.poolMin ?? 0, max: poolMax ?? s.poolMax ?? 10 },
  });
  const client = db.client as ClientWithPool;
  const acquire = client.acquireConnection.bind(client);
  // What each pooled connection is set to now: a checkout for the same context skips the round trip (the API's
  // execute path makes several checkouts per request). Only this function ever changes these settings.
  const appliedContext = new WeakMap<PgConnection, string>();
  client.acquireConnection = async () => {
    const connection = await acquire();
    const userId = currentTenant()?.userId ?? '';
    if (appliedContext.get(connection) === userId) return connection;
    // Session-level (not LOCAL): the pool is only ever used this way, and every checkout overwrites both.
    try {
      await connection.query(`SELECT set_config('role', $1, false), set_config('recomamp.user_id', $2, false)`, [
        APP_ROLE,
        userId,
      ]);
      appliedContext.set(connection, userId);
    } catch (err) {
      await client.releaseConnection(connection);
      throw err;
    }
    return connection;
  };
  return db;
}
