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
} from './tables';

function toDb<T extends Partial<ScheduleRow>>(row: T) {
  return { ...row, ...(row.parameters !== undefined && { parameters: JSON.stringify(row.parameters) }) };
}

/** Schedules, their pause intervals and the skips the scheduled-run workflow recorded. */
export function createSchedulesDb(db: Knex) {
  const schedules = (tx?: Knex.Transaction) => (tx ?? db)<ScheduleRow>(TABLES.schedules);
  const pauses = (tx?: Knex.Transaction) => (tx ?? db)<SchedulePauseRow>(TABLES.schedulePauses);
  const skips = (tx?: Knex.Transaction) => (tx ?? db)<ScheduleSkipRow>(TABLES.scheduleSkips);

  return {
    async insert(row: NewScheduleRow, tx?: Knex.Transaction): Promise<ScheduleRow> {
      const [saved] = await schedules(tx)
        .insert(toDb(row) as never)
        .returning('*');
      return saved as ScheduleRow;
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
      const q = schedules().where({ user_id: userId }).select('*');
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
      const [saved] = await schedules(tx)
        .where({ id })
        .update({ ...toDb(patch), updated_at: db.fn.now() } as never)
        .returning('*');
      return saved as ScheduleRow;
    },
    async delete(id: string, tx?: Knex.Transaction): Promise<boolean> {
      return (await schedules(tx).where({ id }).delete()) === 1;
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
