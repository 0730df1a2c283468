import knex, { type Knex } from 'knex';
import { types } from 'pg';
import { seedCatalog } from '../catalog/seed';
import { pgClientConfig, type DbSettings } from './connection';
import { migrationSource } from './migrations';

// bigint (COUNT(*), row_count) as JS numbers: our counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
// date columns as 'yyyy-MM-dd' strings: a JS Date would put them at local midnight.
types.setTypeParser(types.builtins.DATE, (v) => v);

export type Db = Knex;

/**
 * A knex pool. `settings` is a URL (tests, scripts) or the full settings (entry points: TLS, pool sizes, timeouts,
 * application name; db/connection.ts); `poolMax` overrides the settings' pool size.
 */
export function createDb(settings: DbSettings | string, poolMax?: number): Db {
  const s = typeof settings === 'string' ? { url: settings } : settings;
  return knex({
    client: 'pg',
    connection: pgClientConfig(s) as Knex.PgConnectionConfig,
    pool: { min: s.poolMin ?? 0, max: poolMax ?? s.poolMax ?? 10 },
  });
}

/** Brings the schema up to date. Run by scripts (db:migrate, start, test setup), never on import. */
export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
  await seedCatalog(db); // the shared catalog (templates, tables, guides) follows the code, idempotently
}

/** Postgres cannot serve this process: unreachable, refused the connection, or its schema is behind. */
export class DatabaseNotReadyError extends Error {}

/**
 * Production processes do not migrate on start (migrations are their own step: npm run db:migrate, node
 * dist/db/migrate.js, the compose `migrate` service). They check at start that Postgres answers and that its
 * schema has every migration this code knows, and refuse to start otherwise, saying why.
 */
export async function assertSchemaCurrent(db: Db): Promise<void> {
  let applied: Set<string>;
  try {
    // Read-only (knex's migrate.list would create its tables on an empty database). A newer schema than this code
    // knows is fine: migrations only add, and a rolling deploy runs old processes on it for a while.
    const exists = await db.schema.hasTable('knex_migrations');
    const rows: { name: string }[] = exists ? await db('knex_migrations').select('name') : [];
    applied = new Set(rows.map((r) => r.name));
  } catch (err) {
    throw new DatabaseNotReadyError(`Cannot use Postgres: ${(err as Error).message}`);
  }
  const pending = (await migrationSource.getMigrations([])).filter((name) => !applied.has(name));
  if (pending.length === 0) return;
  throw new DatabaseNotReadyError(
    `The database schema is behind this release: ${pending.length} migration(s) pending (${pending.join(', ')}). ` +
      'Run the migrations first: npm run db:migrate, or node dist/db/migrate.js (docker compose: the migrate service).',
  );
}
