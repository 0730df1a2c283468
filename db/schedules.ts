import type { Knex } from 'knex';
import { paginate, type Page, type PageRequest } from './pagination';
import {
  TABLES,
  type NewScheduleRow,
  type PauseChange,
  type SchedulePatch,
  type SchedulePauseRow,
  type ScheduleRow,
  type ScheduleSkipRow,
  type ScheduleSyncState,
} from './tables';

function toDb<T extends Partial<ScheduleRow>>(row: T) {
  return { ...row, ...(row.parameters !== undefined && { parameters: JSON.stringify(row.parameters) }) };
}

/**
 * Schedules, their pause intervals and the skips the scheduled-run workflow recorded. A row being deleted
 * (temporal_sync PENDING_DELETE) is gone for every reader but `getAny` (services/schedule-sync.ts finishes it).
 */
export function createSchedulesDb(db: Knex) {
  const allSchedules = (tx?: Knex.Transaction) => (tx ?? db)<ScheduleRow>(TABLES.schedules);
  const schedules = (tx?: Knex.Transaction) =>
    allSchedules(tx).whereNot(`${TABLES.schedules}.temporal_sync`, 'PENDING_DELETE');
  const pauses = (tx?: Knex.Transaction) => (tx ?? db)<SchedulePauseRow>(TABLES.schedulePauses);
  const skips = (tx?: Knex.Transaction) => (tx ?? db)<ScheduleSkipRow>(TABLES.scheduleSkips);

  return {
    /** A new row, PENDING_CREATE until its Temporal Schedule exists (markSynced). */
    async insert(row: NewScheduleRow, tx?: Knex.Transaction): Promise<ScheduleRow> {
      const [saved] = await allSchedules(tx)
        .insert({ ...toDb(row), temporal_sync: 'PENDING_CREATE', sync_requested_at: new Date() } as never)
        .returning('*');
      return saved as ScheduleRow;
    },
    /** The row in any sync state, PENDING_DELETE included. */
    async getAny(id: string, tx?: Knex.Transaction): Promise<ScheduleRow | undefined> {
      return allSchedules(tx).where({ id }).first();
    },
    /**
     * Writes `patch` and records what Temporal now owes the row (`state`, asked for now); undefined when the row is
     * gone or being deleted.
     */
    async requestSync(
      id: string,
      patch: SchedulePatch,
      state: Exclude<ScheduleSyncState, 'SYNCED'>,
      tx?: Knex.Transaction,
    ): Promise<ScheduleRow | undefined> {
      const [saved] = await schedules(tx)
        .where({ id })
        .update({
          ...toDb(patch),
          temporal_sync: state,
          sync_requested_at: new Date(),
          updated_at: db.fn.now(),
        } as never)
        .returning('*');
      return saved as ScheduleRow | undefined;
    },
    /**
     * Gives back a refused or failed write: `patch` (the values before it) and `state`, only while the write asked
     * for at `requestedAt` is still the latest (a newer one wins). True when restored.
     */
    async restore(
      id: string,
      requestedAt: Date,
      patch: SchedulePatch,
      state: ScheduleSyncState,
      tx?: Knex.Transaction,
    ): Promise<boolean> {
      const n = await schedules(tx)
        .where({ id, sync_requested_at: requestedAt })
        .update({
          ...toDb(patch),
          temporal_sync: state,
          sync_requested_at: new Date(),
          updated_at: db.fn.now(),
        } as never);
      return n === 1;
    },
    /** SYNCED, if the write asked for at `requestedAt` is still the latest one (and not a delete). */
    async markSynced(id: string, requestedAt: Date, tx?: Knex.Transaction): Promise<ScheduleRow | undefined> {
      const [saved] = await schedules(tx)
        .where({ id, sync_requested_at: requestedAt })
        .update({ temporal_sync: 'SYNCED' } as never)
        .returning('*');
      return saved as ScheduleRow | undefined;
    },
    /** Hides rows at once (PENDING_DELETE) before their Temporal Schedules are deleted. */
    async markPendingDelete(ids: string[], tx?: Knex.Transaction): Promise<void> {
      if (ids.length === 0) return;
      await allSchedules(tx)
        .whereIn('id', ids)
        .update({ temporal_sync: 'PENDING_DELETE', sync_requested_at: new Date(), updated_at: db.fn.now() } as never);
    },
    /** Deletes a row whose deletion was asked for (its Temporal Schedule is gone). */
    async deletePending(id: string, tx?: Knex.Transaction): Promise<boolean> {
      return (await allSchedules(tx).where({ id, temporal_sync: 'PENDING_DELETE' }).delete()) === 1;
    },
    async findById(userId: string, id: string, tx?: Knex.Transaction): Promise<ScheduleRow | undefined> {
      return schedules(tx).where({ user_id: userId, id }).first();
    },
    /** For activities, which act on a schedule id a Temporal Schedule gave them; undefined once deleted. */
    async get(id: string): Promise<ScheduleRow | undefined> {
      return schedules().where({ id }).first();
    },
    async list(
      userId: string,
      filters: { savedQueryId?: string | undefined },
      page: PageRequest,
    ): Promise<Page<ScheduleRow>> {
      const q = schedules().where({ user_id: userId }).select(`${TABLES.schedules}.*`);
      if (filters.savedQueryId) q.andWhere({ saved_query_id: filters.savedQueryId });
      return paginate(q, page, TABLES.schedules);
    },
    async listBySavedQuery(userId: string, savedQueryId: string): Promise<ScheduleRow[]> {
      return schedules().where({ user_id: userId, saved_query_id: savedQueryId });
    },
    async listByInstance(userId: string, instanceId: string): Promise<ScheduleRow[]> {
      return schedules()
        .join(TABLES.savedQueries, `${TABLES.savedQueries}.id`, `${TABLES.schedules}.saved_query_id`)
        .where({ [`${TABLES.schedules}.user_id`]: userId, [`${TABLES.savedQueries}.instance_id`]: instanceId })
        .select(`${TABLES.schedules}.*`);
    },
    async update(id: string, patch: SchedulePatch, tx?: Knex.Transaction): Promise<ScheduleRow> {
      const [saved] = await allSchedules(tx)
        .where({ id })
        .update({ ...toDb(patch), updated_at: db.fn.now() } as never)
        .returning('*');
      return saved as ScheduleRow;
    },
    async delete(id: string, tx?: Knex.Transaction): Promise<boolean> {
      return (await allSchedules(tx).where({ id }).delete()) === 1;
    },

    /** Opens a pause interval (who, when, why) unless one is open. */
    async recordPause(scheduleId: string, change: PauseChange, tx?: Knex.Transaction): Promise<void> {
      const open = await pauses(tx).where({ schedule_id: scheduleId }).whereNull('resumed_at').first();
      if (!open) {
        await pauses(tx).insert({
          schedule_id: scheduleId,
          paused_at: change.at,
          note: change.note,
          paused_by: change.by,
        } as never);
      }
    },
    /** Closes the open pause interval with who resumed it, when and why; the pause's own note stays. */
    async recordResume(scheduleId: string, change: PauseChange, tx?: Knex.Transaction): Promise<void> {
      await pauses(tx)
        .where({ schedule_id: scheduleId })
        .whereNull('resumed_at')
        .update({ resumed_at: change.at, resumed_by: change.by, resume_note: change.note } as never);
    },
    async pauses(scheduleId: string): Promise<SchedulePauseRow[]> {
      return pauses().where({ schedule_id: scheduleId }).orderBy('paused_at');
    },

    /** Records why a fire made no execution; a repeated record for the same fire is ignored. */
    async recordSkip(row: Omit<ScheduleSkipRow, 'created_at'>): Promise<void> {
      await skips()
        .insert(row as never)
        .onConflict(['schedule_id', 'scheduled_at'])
        .ignore();
    },
    async skips(scheduleId: string, since: Date): Promise<ScheduleSkipRow[]> {
      return skips()
        .where({ schedule_id: scheduleId })
        .andWhere('scheduled_at', '>=', since)
        .orderBy('scheduled_at', 'desc');
    },
  };
}
export type SchedulesDb = ReturnType<typeof createSchedulesDb>;
