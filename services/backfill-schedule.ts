/**
 * Backfill a schedule (POST /api/schedules/:id/backfill): fires every time the cron matched in [start, end]; each
 * run's window comes from its own scheduled time. Bounds without `Z` or an offset are wall times in the schedule's
 * zone (a bare date is midnight there). Backfilled runs all start at once (none dropped) and queue at the AMC quota
 * gate as backfills. The answer lists the scheduled times it asked for: their executions are created as the runs
 * start (GET /api/schedules/:id/runs shows each with its executionId).
 */
import type { Client } from '@temporalio/client';
import type { ScheduleRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { instantOf, type IsoInstant } from '../lib/iso-instant';
import { backfillOverlap, matchingTimes, scheduleHandle } from '../temporal/schedules';

/** Most backfilled runs one request may start. */
const MAX_BACKFILL_RUNS = 1000;

export interface Backfill {
  /** The bounds as instants (read in the schedule's zone when they carried none). */
  start: Date;
  end: Date;
  scheduledTimes: Date[];
}

export async function backfillSchedule(
  deps: { temporal: Pick<Client, 'schedule' | 'workflowService' | 'options'> },
  row: ScheduleRow,
  bounds: { start: IsoInstant; end: IsoInstant },
): Promise<Backfill> {
  const start = instantOf(bounds.start, row.timezone);
  const end = instantOf(bounds.end, row.timezone);
  if (start >= end) {
    throw new AppError(400, 'VALIDATION_ERROR', 'start must be before end', {
      issues: [{ path: 'body.end', message: `start must be before end (in ${row.timezone})`, code: 'custom' }],
    });
  }
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
  return { start, end, scheduledTimes: times };
}
