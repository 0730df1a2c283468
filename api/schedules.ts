/**
 * Schedule use cases behind /api/schedules and POST /api/workflows/:id/schedules. Each keeps the Postgres row
 * and its Temporal Schedule (`recomamp-schedule/<id>`) in step: the row is written in a transaction that
 * commits only once Temporal accepted the change, so a cron Temporal rejects leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import type { SavedQueryRow, SchedulePatch, ScheduleRow } from '../db/tables';
import { renderSql } from '../lib/sql-parameters';
import { temporalScheduleId } from '../workflows/ids';
import type { ApiDeps } from './deps';
import { savedQuerySearchAttributes, withSearchAttributes } from './search-attributes';
import { AppError, notFound } from './errors';
import type { ScheduleBody, SchedulePatchBody } from './schemas/schedules';
import { parameterErrorToApi } from './start-execution';
import {
  backfillOverlap,
  deleteTemporalSchedules,
  matchingTimes,
  scheduleAction,
  scheduleErrorToApi,
  scheduleHandle,
  schedulePolicies,
  scheduleSpec,
} from './temporal-schedules';

type Deps = Pick<ApiDeps, 'repos' | 'temporal' | 'settings'>;

/** Most backfilled runs one request may start. */
const MAX_BACKFILL_RUNS = 1000;

function checkParameters(savedQuery: SavedQueryRow, parameters: Record<string, unknown>): void {
  try {
    renderSql(savedQuery.sql_query, savedQuery.parameters, parameters);
  } catch (err) {
    throw parameterErrorToApi(err);
  }
}

async function savedQueryOf(deps: Deps, row: ScheduleRow): Promise<SavedQueryRow> {
  const savedQuery = await deps.repos.savedQueries.findById(row.user_id, row.workflow_id);
  if (!savedQuery) throw notFound('workflow');
  return savedQuery;
}

/** Upcoming fire times (empty while paused). */
export async function nextRuns(deps: Pick<ApiDeps, 'temporal'>, row: ScheduleRow): Promise<Date[]> {
  const description = await scheduleHandle(deps, row).describe();
  return description.state.paused ? [] : description.info.nextActionTimes;
}

export async function createSchedule(deps: Deps, savedQuery: SavedQueryRow, body: ScheduleBody): Promise<ScheduleRow> {
  checkParameters(savedQuery, body.parameters);
  const id = randomUUID();
  return deps.repos.db.transaction(async (tx) => {
    const row = await deps.repos.schedules.insert(
      {
        id,
        user_id: savedQuery.user_id,
        workflow_id: savedQuery.id,
        cron: body.cron,
        timezone: body.timezone,
        lookback_days: body.timeWindow.lookbackDays ?? deps.settings.defaultLookbackDays,
        lag_days: body.timeWindow.lagDays ?? deps.settings.defaultLagDays,
        parameters: body.parameters,
        overlap: body.overlap,
        paused: body.paused,
        note: body.note ?? null,
        temporal_schedule_id: temporalScheduleId(id),
      },
      tx,
    );
    if (row.paused) await deps.repos.schedules.recordPause(row.id, new Date(), row.note, tx);
    const searchAttributes = await savedQuerySearchAttributes(deps, savedQuery, {
      scheduleId: row.id,
      runKind: 'scheduled',
    });
    try {
      await withSearchAttributes(deps.temporal, () =>
        deps.temporal.schedule.create({
          scheduleId: row.temporal_schedule_id,
          spec: scheduleSpec(row),
          action: scheduleAction(deps, row, savedQuery, searchAttributes),
          policies: schedulePolicies(deps, row),
          memo: { scheduleId: row.id, savedQueryId: savedQuery.id, savedQueryName: savedQuery.name },
          state: { paused: row.paused, ...(row.note && { note: row.note }) },
        }),
      );
    } catch (err) {
      throw scheduleErrorToApi(err, row);
    }
    return row;
  });
}

/** Applies a PATCH and updates the Temporal Schedule in place (same id, same history). */
export async function updateSchedule(deps: Deps, current: ScheduleRow, body: SchedulePatchBody): Promise<ScheduleRow> {
  const savedQuery = await savedQueryOf(deps, current);
  if (body.parameters) checkParameters(savedQuery, body.parameters);
  const patch: SchedulePatch = {
    ...(body.cron !== undefined && { cron: body.cron }),
    ...(body.timezone !== undefined && { timezone: body.timezone }),
    ...(body.timeWindow?.lookbackDays !== undefined && { lookback_days: body.timeWindow.lookbackDays }),
    ...(body.timeWindow?.lagDays !== undefined && { lag_days: body.timeWindow.lagDays }),
    ...(body.parameters !== undefined && { parameters: body.parameters }),
    ...(body.overlap !== undefined && { overlap: body.overlap }),
    ...(body.paused !== undefined && { paused: body.paused }),
    ...(body.note !== undefined && { note: body.note }),
  };
  const specChanged =
    (patch.cron ?? current.cron) !== current.cron || (patch.timezone ?? current.timezone) !== current.timezone;
  if (specChanged) patch.spec_updated_at = new Date();
  const searchAttributes = await savedQuerySearchAttributes(deps, savedQuery, {
    scheduleId: current.id,
    runKind: 'scheduled',
  });
  return deps.repos.db.transaction(async (tx) => {
    const row = await deps.repos.schedules.update(current.id, patch, tx);
    if (row.paused && !current.paused) await deps.repos.schedules.recordPause(row.id, new Date(), row.note, tx);
    if (!row.paused && current.paused) await deps.repos.schedules.recordResume(row.id, new Date(), tx);
    try {
      await withSearchAttributes(deps.temporal, () =>
        scheduleHandle(deps, row).update((prev) => ({
          spec: scheduleSpec(row),
          action: scheduleAction(deps, row, savedQuery, searchAttributes),
          policies: { ...prev.policies, ...schedulePolicies(deps, row) },
          state: { paused: row.paused, ...(row.note && { note: row.note }) },
        })),
      );
    } catch (err) {
      throw scheduleErrorToApi(err, row);
    }
    return row;
  });
}

export async function deleteSchedule(deps: Deps, row: ScheduleRow): Promise<void> {
  await deleteTemporalSchedules(deps, [row]);
  await deps.repos.schedules.delete(row.id);
}

/**
 * Deleting a saved query or an instance deletes its schedules: their Temporal Schedules here, the rows by the
 * foreign keys' cascade. Call before deleting the saved query or instance row.
 */
export async function deleteSchedulesOf(
  deps: Pick<ApiDeps, 'repos' | 'temporal'>,
  owner: { userId: string; savedQueryId?: string; instanceId?: string },
): Promise<void> {
  const rows = owner.savedQueryId
    ? await deps.repos.schedules.listBySavedQuery(owner.userId, owner.savedQueryId)
    : await deps.repos.schedules.listByInstance(owner.userId, owner.instanceId!);
  await deleteTemporalSchedules(deps, rows);
}

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

/** Runs now, whatever the overlap policy: an explicit request is never silently skipped. */
export async function triggerSchedule(deps: Deps, row: ScheduleRow): Promise<void> {
  await scheduleHandle(deps, row).trigger('ALLOW_ALL');
}

/** Fires every time the cron matched in [start, end]; each run's window comes from its own scheduled time. */
export async function backfillSchedule(deps: Deps, row: ScheduleRow, start: Date, end: Date): Promise<Date[]> {
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
