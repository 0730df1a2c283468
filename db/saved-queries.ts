import type { Knex } from 'knex';
import { rawRows } from './raw-pg';
import { paginate, type Page, type PageRequest } from './pagination';
import { TABLES, type NewSavedQueryRow, type SavedQueryPatch, type SavedQueryRow } from './tables';

/** jsonb columns are written as JSON text: knex would send a JS array as a Postgres array. */
function toDb<T extends Partial<SavedQueryRow>>(row: T) {
  return {
    ...row,
    ...(row.parameters !== undefined && { parameters: JSON.stringify(row.parameters) }),
    ...(row.tags !== undefined && { tags: JSON.stringify(row.tags) }),
  };
}

/** findForRun's statement (raw pg: db/raw-pg.ts). */
const FIND_FOR_RUN_SQL = `SELECT q.*, i.instance_id AS amc_instance_id
  FROM ${TABLES.savedQueries} q LEFT JOIN ${TABLES.amcInstances} i ON i.id = q.instance_id
  WHERE q.user_id = $1 AND q.id = $2 LIMIT 1`;

export function createSavedQueriesDb(db: Knex) {
  const queries = (tx?: Knex.Transaction) => (tx ?? db)<SavedQueryRow>(TABLES.savedQueries);
  return {
    async insert(row: NewSavedQueryRow, tx?: Knex.Transaction): Promise<SavedQueryRow> {
      const [saved] = await queries(tx)
        .insert(toDb(row) as never)
        .returning('*');
      return saved as SavedQueryRow;
    },
    async findById(userId: string, id: string, tx?: Knex.Transaction): Promise<SavedQueryRow | undefined> {
      return queries(tx).where({ user_id: userId, id }).first();
    },
    /**
     * The saved query with its AMC instance id (the search attribute of the runs it starts) in one round trip:
     * the execute path's only read.
     */
    async findForRun(userId: string, id: string): Promise<SavedQueryForRun | undefined> {
      const [row] = await rawRows<SavedQueryForRun>(db, {
        name: 'recomamp_saved_query_for_run',
        text: FIND_FOR_RUN_SQL,
        values: [userId, id],
      });
      return row;
    },
    async list(userId: string, page: PageRequest): Promise<Page<SavedQueryRow>> {
      return paginate(queries().where({ user_id: userId }).select('*'), page, TABLES.savedQueries);
    },
    async update(userId: string, id: string, patch: SavedQueryPatch, tx?: Knex.Transaction) {
      const [saved] = await queries(tx)
        .where({ user_id: userId, id })
        .update({ ...toDb(patch), updated_at: db.fn.now() } as never)
        .returning('*');
      return saved as SavedQueryRow | undefined;
    },
    async listByInstance(userId: string, instanceId: string): Promise<SavedQueryRow[]> {
      return queries().where({ user_id: userId, instance_id: instanceId });
    },
    async delete(userId: string, id: string, tx?: Knex.Transaction): Promise<boolean> {
      return (await queries(tx).where({ user_id: userId, id }).delete()) === 1;
    },
  };
}
/** A saved query and AMC's id of its instance (null when the instance row is not visible). */
export type SavedQueryForRun = SavedQueryRow & { amc_instance_id: string | null };

export type SavedQueriesDb = ReturnType<typeof createSavedQueriesDb>;
