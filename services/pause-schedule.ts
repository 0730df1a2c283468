/**
 * Pause and resume a schedule (POST /api/schedules/:id/pause|resume): the Temporal Schedule first, then the row
 * and its pause interval (GET …/runs explains fires inside a pause as PAUSED, with the note).
 */
import type { ScheduleRow } from '../db/tables';
import { scheduleHandle } from '../temporal/schedules';
import type { ServiceDeps } from './deps';

type Deps = Pick<ServiceDeps, 'repos' | 'temporal'>;

export async function pauseSchedule(deps: Deps, row: ScheduleRow, note: string | undefined): Promise<ScheduleRow> {
  const text = note ?? 'paused through the RecomAMP API';
  await scheduleHandle(deps, row).pause(text);
  return deps.repos.db.transaction(async (tx) => {
    await deps.repos.schedules.recordPause(row.id, new Date(), text, tx);
    return deps.repos.schedules.update(row.id, { paused: true, note: text }, tx);
  });
}

export async function resumeSchedule(deps: Deps, row: ScheduleRow, note: string | undefined): Promise<ScheduleRow> {
  const text = note ?? 'resumed through the RecomAMP API';
  await scheduleHandle(deps, row).unpause(text);
  return deps.repos.db.transaction(async (tx) => {
    await deps.repos.schedules.recordResume(row.id, new Date(), tx);
    return deps.repos.schedules.update(row.id, { paused: false, note: text }, tx);
  });
}
