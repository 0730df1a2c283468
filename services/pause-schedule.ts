/**
 * Pause and resume a schedule (POST /api/schedules/:id/pause|resume): the Temporal Schedule first, then the row
 * and its pause interval: who paused it, when and why, then who resumed it, when and why (GET /api/schedules/:id
 * `pauses`; GET …/runs explains fires inside a pause as PAUSED, with the pause note).
 */
import { pauseActor, type ScheduleRow } from '../db/tables';
import { scheduleHandle } from '../temporal/schedules';
import type { ServiceDeps } from './deps';

type Deps = Pick<ServiceDeps, 'repos' | 'temporal'>;

export async function pauseSchedule(deps: Deps, row: ScheduleRow, note: string | undefined): Promise<ScheduleRow> {
  const text = note ?? 'paused through the RecomAMP API';
  await scheduleHandle(deps, row).pause(text);
  return deps.repos.db.transaction(async (tx) => {
    await deps.repos.schedules.recordPause(
      row.id,
      { at: new Date(), note: text, by: pauseActor.user(row.user_id) },
      tx,
    );
    return deps.repos.schedules.update(row.id, { paused: true, note: text }, tx);
  });
}

export async function resumeSchedule(deps: Deps, row: ScheduleRow, note: string | undefined): Promise<ScheduleRow> {
  const text = note ?? 'resumed through the RecomAMP API';
  await scheduleHandle(deps, row).unpause(text);
  return deps.repos.db.transaction(async (tx) => {
    await deps.repos.schedules.recordResume(
      row.id,
      { at: new Date(), note: text, by: pauseActor.user(row.user_id) },
      tx,
    );
    return deps.repos.schedules.update(row.id, { paused: false, note: text }, tx);
  });
}
