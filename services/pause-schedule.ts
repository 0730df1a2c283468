/**
 * Pause and resume a schedule (POST /api/schedules/:id/pause|resume), written like any schedule change
 * (services/schedule-sync.ts: the row as PENDING_UPDATE, then Temporal, then SYNCED with its pause interval): who
 * paused it, when and why, then who resumed it, when and why (GET /api/schedules/:id `pauses`; GET …/runs explains
 * fires inside a pause as PAUSED, with the pause note).
 */
import type { ScheduleRow } from '../db/tables';
import type { ServiceDeps } from './deps';
import { writeSchedulePatch } from './update-schedule';

type Deps = Pick<ServiceDeps, 'repos' | 'temporal' | 'settings'>;

export async function pauseSchedule(deps: Deps, row: ScheduleRow, note: string | undefined): Promise<ScheduleRow> {
  return writeSchedulePatch(deps, row, { paused: true, note: note ?? 'paused through the RecomAMP API' });
}

export async function resumeSchedule(deps: Deps, row: ScheduleRow, note: string | undefined): Promise<ScheduleRow> {
  return writeSchedulePatch(deps, row, { paused: false, note: note ?? 'resumed through the RecomAMP API' });
}
