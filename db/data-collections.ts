/** Data collections and their per-week ledger (collection_weeks). */
import type { Knex } from 'knex';
import { paginate, type Page, type PageRequest } from './pagination';
import { isFinishedCollectionStatus, type CollectionStatus, type WeekStatus } from '../lib/collection-statuses';
import {
  ownerColumn,
  TABLES,
  type CollectionWeekPatch,
  type DependentsOwner,
  type CollectionWeekRow,
  type DataCollectionRow,
  type NewDataCollectionRow,
  type WeekWaitReason,
} from './tables';
import { RecordDeletedError } from '../lib/record-deleted';

export interface NewWeek {
  week_start: string;
  week_end: string;
  partial: boolean;
}

export function createDataCollectionsDb(db: Knex) {
  const collections = (tx?: Knex.Transaction) => (tx ?? db)<DataCollectionRow>(TABLES.dataCollections);
  const weeks = (tx?: Knex.Transaction) => (tx ?? db)<CollectionWeekRow>(TABLES.collectionWeeks);

  return {
    transaction: <T>(fn: (tx: Knex.Transaction) => Promise<T>) => db.transaction(fn),
    /** The collection and its whole ledger, in one transaction. */
    async insert(row: NewDataCollectionRow, newWeeks: NewWeek[], retries: number): Promise<DataCollectionRow> {
      return db.transaction(async (tx) => {
        const [saved] = await collections(tx)
          .insert({ ...row, parameters: JSON.stringify(row.parameters) } as never)
          .returning('*');
        for (let i = 0; i < newWeeks.length; i += 500) {
          const chunk = newWeeks.slice(i, i + 500).map((w) => ({ ...w, collection_id: row.id, retries_left: retries }));
          await weeks(tx).insert(chunk as never);
        }
        return saved as DataCollectionRow;
      });
    },
    async findById(userId: string, id: string): Promise<DataCollectionRow | undefined> {
      return collections().where({ user_id: userId, id }).first();
    },
    async get(id: string, tx?: Knex.Transaction): Promise<DataCollectionRow> {
      const row = await collections(tx).where({ id }).first();
      if (!row) throw new RecordDeletedError(`data collection ${id} does not exist`);
      return row;
    },
    async list(userId: string, page: PageRequest): Promise<Page<DataCollectionRow>> {
      return paginate(collections().where({ user_id: userId }).select('*'), page, TABLES.dataCollections);
    },
    /**
     * Writes a final status as one more completion: returns its number and time (what its event announces).
     */
    async complete(
      id: string,
      status: CollectionStatus,
      tx?: Knex.Transaction,
    ): Promise<{ completion: number; completedAt: Date }> {
      const [row] = await collections(tx)
        .where({ id })
        .update({
          status,
          completed_at: db.fn.now(),
          updated_at: db.fn.now(),
          completions: db.raw('completions + 1'),
        } as never)
        .returning(['completions', 'completed_at']);
      const done = row as { completions: number; completed_at: Date };
      return { completion: done.completions, completedAt: done.completed_at };
    },
    async setStatus(id: string, status: CollectionStatus, tx?: Knex.Transaction): Promise<void> {
      const finished = isFinishedCollectionStatus(status);
      await collections(tx)
        .where({ id })
        .update({ status, completed_at: finished ? db.fn.now() : null, updated_at: db.fn.now() } as never);
    },
    async weeks(collectionId: string, tx?: Knex.Transaction): Promise<CollectionWeekRow[]> {
      return weeks(tx).where({ collection_id: collectionId }).orderBy('week_start');
    },
    /** Locks one week's row for the rest of `tx` (the ledger's decisions are made under this lock). */
    async lockWeek(collectionId: string, weekStart: string, tx: Knex.Transaction): Promise<CollectionWeekRow> {
      const row = await weeks(tx).where({ collection_id: collectionId, week_start: weekStart }).forUpdate().first();
      if (!row) throw new RecordDeletedError(`week ${weekStart} of collection ${collectionId} does not exist`);
      return row;
    },
    async updateWeek(collectionId: string, weekStart: string, patch: CollectionWeekPatch, tx?: Knex.Transaction) {
      await weeks(tx)
        .where({ collection_id: collectionId, week_start: weekStart })
        .update({ ...patch, updated_at: db.fn.now() } as never);
    },
    /** Moves every week in `from` (and waiting for `waitReason`, if given) to `patch`; returns how many moved. */
    async updateWeeksWhere(
      collectionId: string,
      from: WeekStatus[],
      patch: CollectionWeekPatch,
      tx?: Knex.Transaction,
      waitReason?: WeekWaitReason,
    ) {
      const q = weeks(tx).where({ collection_id: collectionId }).whereIn('status', from);
      if (waitReason) q.andWhere({ wait_reason: waitReason });
      return q.update({ ...patch, updated_at: db.fn.now() } as never);
    },
    /** Locks the collection row: the API's resets and the workflow's final check serialise on it. */
    async lock(id: string, tx: Knex.Transaction): Promise<DataCollectionRow> {
      const row = await collections(tx).where({ id }).forUpdate().first();
      if (!row) throw new RecordDeletedError(`data collection ${id} does not exist`);
      return row;
    },
    /**
     * Weeks that succeeded with SQL other than `currentHash` become STALE (and STALE weeks whose SQL matches
     * again go back to SUCCEEDED). A null hash (the query no longer renders) makes every finished week stale.
     */
    async markStale(collectionId: string, currentHash: string | null, tx?: Knex.Transaction): Promise<void> {
      await weeks(tx)
        .where({ collection_id: collectionId, status: 'SUCCEEDED' })
        .whereRaw('sql_hash IS DISTINCT FROM ?', [currentHash])
        .update({ status: 'STALE', updated_at: db.fn.now() } as never);
      if (currentHash !== null) {
        await weeks(tx)
          .where({ collection_id: collectionId, status: 'STALE', sql_hash: currentHash })
          .update({ status: 'SUCCEEDED', updated_at: db.fn.now() } as never);
      }
    },
    /** A saved query's or instance's collections. */
    async ofOwner(userId: string, owner: DependentsOwner): Promise<DataCollectionRow[]> {
      return collections().where({ user_id: userId, ...ownerColumn(owner) });
    },
    /** Collections of a saved query that may hold weeks run with older SQL. */
    async ofSavedQuery(savedQueryId: string): Promise<DataCollectionRow[]> {
      return collections().where({ saved_query_id: savedQueryId });
    },
  };
}
export type DataCollectionsDb = ReturnType<typeof createDataCollectionsDb>;
