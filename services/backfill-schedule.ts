/**
 * Backfill a schedule (POST /api/schedules/:id/backfill): fires every time the cron matched in [start, end]; each
 * run's window comes from its own scheduled time. Backfilled runs all start at once (none dropped) and queue at the AMC quota gate as backfills.
 */
import type { Client } from '@temporalio/client';
import type { ScheduleRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { backfillOverlap, matchingTimes, scheduleHandle } from '../temporal/schedules';

/** Most backfilled runs one request may start. */
const MAX_BACKFILL_RUNS = 1000;

export async function backfillSchedule(
  deps: { temporal: Pick<Client, 'schedule' | 'workflowService' | 'options'> },
  row: ScheduleRow,
  start: Date,
  end: Date,
): Promise<Date[]> {
  if (end.getTime() > Date.now()) {
    throw new AppError(400, 'VALIDATION_ERROR', 'a backfill covers the past: end must not be in the future');
  }
  const times = await matchingTimes(deps, row, start, end);
  if (times.length > MAX_BACKFILL_RUNS) {
    throw new AppError(
      400,
      'BACKFILL_TOO_LARGE',
      `the range holds ${times.length} runs; at most ${MAX_BACKFILL_RUNS} per backfill`,
    );
  }
  if (times.length > 0) await scheduleHandle(deps, row).backfill([{ start, end, overlap: backfillOverlap(row) }]);
  return times;
}
