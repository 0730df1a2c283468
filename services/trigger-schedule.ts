/** Trigger a schedule (POST /api/schedules/:id/trigger): runs now, whatever the overlap policy. */
import type { Client } from '@temporalio/client';
import type { ScheduleRow } from '../db/tables';
import { scheduleHandle } from '../temporal/schedules';

/** An explicit request is never silently skipped, so the trigger's own overlap is ALLOW_ALL. */
export async function triggerSchedule(deps: { temporal: Pick<Client, 'schedule'> }, row: ScheduleRow): Promise<void> {
  await scheduleHandle(deps, row).trigger('ALLOW_ALL');
}
