import knex, { type Knex } from 'knex';
import { types } from 'pg';
import { seedCatalog } from '../catalog/seed';
import { migrationSource } from './migrations';

// bigint (COUNT(*), row_count) as JS numbers: our counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
// date columns as 'yyyy-MM-dd' strings: a JS Date would put them at local midnight.
types.setTypeParser(types.builtins.DATE, (v) => v);

export type Db = Knex;

export function createDb(url: string, poolMax = 10): Db {
  return knex({ client: 'pg', connection: url, pool: { min: 0, max: poolMax } });
}

/** Brings the schema up to date. Run by scripts (db:migrate, start, test setup), never on import. */
export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
  await seedCatalog(db); // the shared catalog (templates, tables, guides) follows the code, idempotently
}
