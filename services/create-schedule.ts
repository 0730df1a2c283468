/**
 * Create a schedule (POST /api/workflows/:id/schedules): the Postgres row and its Temporal Schedule
 * (`recomamp-schedule/<id>`) in the order services/schedule-sync.ts describes: the row is committed as
 * PENDING_CREATE, the Temporal Schedule is created, the row is marked SYNCED. A cron Temporal rejects removes the
 * row again (400 INVALID_CRON, nothing left behind); any other failure deletes what may have been created, and a
 * crash in between is finished by the reconciler.
 */
import { randomUUID } from 'node:crypto';
import type { SavedQueryRow, ScheduleOverlap, ScheduleRow } from '../db/tables';
import { deleteTemporalSchedules, scheduleErrorToApi } from '../temporal/schedules';
import { temporalScheduleId } from '../workflows/ids';
import type { ServiceDeps } from './deps';
import { renderForRequest } from './render-saved-query';
import { completeScheduleWrite, isScheduleRefusal } from './schedule-sync';

export interface CreateScheduleInput {
  cron: string;
  timezone: string;
  timeWindow: { lookbackDays?: number; lagDays?: number };
  parameters: Record<string, unknown>;
  overlap: ScheduleOverlap;
  paused: boolean;
  note?: string;
}

export async function createSchedule(
  deps: Pick<ServiceDeps, 'repos' | 'temporal' | 'settings'>,
  savedQuery: SavedQueryRow,
  input: CreateScheduleInput,
): Promise<ScheduleRow> {
  renderForRequest(savedQuery, input.parameters);
  const id = randomUUID();
  const row = await deps.repos.schedules.insert({
    id,
    user_id: savedQuery.user_id,
    saved_query_id: savedQuery.id,
    cron: input.cron,
    timezone: input.timezone,
    lookback_days: input.timeWindow.lookbackDays ?? deps.settings.defaultLookbackDays,
    lag_days: input.timeWindow.lagDays ?? deps.settings.defaultLagDays,
    parameters: input.parameters,
    overlap: input.overlap,
    paused: input.paused,
    note: input.note ?? null,
    temporal_schedule_id: temporalScheduleId(id),
  });
  try {
    return await completeScheduleWrite(deps, row, savedQuery, async (err) => {
      if (isScheduleRefusal(err)) return deps.repos.schedules.delete(row.id);
      await deps.repos.schedules.markPendingDelete([row.id]);
      await deleteTemporalSchedules(deps, [row]);
      return deps.repos.schedules.deletePending(row.id);
    });
  } catch (err) {
    throw scheduleErrorToApi(err, row);
  }
}
