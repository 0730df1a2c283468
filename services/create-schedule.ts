/**
 * Create a schedule (POST /api/workflows/:id/schedules): the Postgres row and its Temporal Schedule
 * (`recomamp-schedule/<id>`) in step. The row is written in a transaction that commits only once Temporal
 * accepted the Schedule, so a cron Temporal rejects leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { pauseActor, type SavedQueryRow, type ScheduleOverlap, type ScheduleRow } from '../db/tables';
import { scheduleAction, scheduleErrorToApi, schedulePolicies, scheduleSpec } from '../temporal/schedules';
import { savedQuerySearchAttributes, withSearchAttributes } from '../temporal/search-attributes';
import { temporalScheduleId } from '../workflows/ids';
import type { ServiceDeps } from './deps';
import { renderForRequest } from './render-saved-query';

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
  return deps.repos.db.transaction(async (tx) => {
    const row = await deps.repos.schedules.insert(
      {
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
      },
      tx,
    );
    if (row.paused) {
      const change = { at: new Date(), note: row.note, by: pauseActor.user(savedQuery.user_id) };
      await deps.repos.schedules.recordPause(row.id, change, tx);
    }
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
