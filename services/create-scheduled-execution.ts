/**
 * One fire of a schedule becomes one execution row (the scheduled-run workflow's activity calls this; the
 * workflow then runs the execution like a manual one). The window is computed from the scheduled time in the
 * schedule's zone (lib/schedule-window.ts). Idempotent: a retry, or a second fire of the same time, returns the
 * row created first. A fire that cannot run (schedule or saved query gone, parameters no longer valid) is
 * recorded as a skip, not thrown.
 */
import { randomUUID } from 'node:crypto';
import type { ExecutionsDb } from '../db/executions';
import type { SavedQueriesDb } from '../db/saved-queries';
import type { SchedulesDb } from '../db/schedules';
import { scheduleWindow } from '../lib/schedule-window';
import { ParameterError, renderSql } from '../lib/sql-parameters';
import { recordExecution } from './record-execution';

export interface ScheduledExecutionDeps {
  schedules: Pick<SchedulesDb, 'get' | 'recordSkip'>;
  savedQueries: Pick<SavedQueriesDb, 'findById'>;
  executions: Pick<ExecutionsDb, 'insertIdempotent'>;
}

export interface ScheduledExecutionInput {
  scheduleId: string;
  /** ISO instant of the run's scheduled time. */
  scheduledAt: string;
}

export interface ScheduledExecutionOutcome {
  executionId: string | null;
  skipped?: string;
}

/** One (schedule, scheduled time) ↔ at most one execution row, through the executions' idempotency key. */
/**
 * A fire started this long after its scheduled time is a backfill (or a catch-up after an outage): it waits at the
 * quota gate as `backfill`, behind regular fires. A regular fire starts within seconds of its time.
 */
export const CATCH_UP_AFTER_MS = 15 * 60_000;

export const scheduledIdempotencyKey = (scheduleId: string, scheduledAt: string) =>
  `schedule/${scheduleId}/${scheduledAt}`;

export async function createScheduledExecution(
  deps: ScheduledExecutionDeps,
  { scheduleId, scheduledAt }: ScheduledExecutionInput,
): Promise<ScheduledExecutionOutcome> {
  const schedule = await deps.schedules.get(scheduleId);
  if (!schedule) return { executionId: null, skipped: 'the schedule was deleted' };
  const savedQuery = await deps.savedQueries.findById(schedule.user_id, schedule.saved_query_id);
  if (!savedQuery) return { executionId: null, skipped: 'the saved query was deleted' };
  const at = new Date(scheduledAt);
  let rendered;
  try {
    rendered = renderSql(savedQuery.sql_query, savedQuery.parameters, schedule.parameters);
  } catch (err) {
    if (!(err instanceof ParameterError)) throw err;
    const detail = `${err.code}: ${err.message}`;
    await deps.schedules.recordSkip({
      schedule_id: scheduleId,
      scheduled_at: at,
      reason: 'INVALID_PARAMETERS',
      detail,
    });
    return { executionId: null, skipped: detail };
  }
  const window = scheduleWindow({
    scheduledAt: at,
    timeZone: schedule.timezone,
    lookbackDays: schedule.lookback_days,
    lagDays: schedule.lag_days,
  });
  const { execution } = await recordExecution(deps, {
    id: randomUUID(),
    savedQuery: { saved_query_id: savedQuery.id, user_id: savedQuery.user_id, instance_id: savedQuery.instance_id },
    window,
    rendered,
    runKind: Date.now() - at.getTime() > CATCH_UP_AFTER_MS ? 'backfill' : 'scheduled',
    idempotencyKey: scheduledIdempotencyKey(scheduleId, at.toISOString()),
    schedule: { scheduleId, scheduledAt: at, timeZone: schedule.timezone },
  });
  return { executionId: execution.id };
}
