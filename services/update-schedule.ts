/**
 * Update a schedule (PATCH /api/schedules/:id): the row and its Temporal Schedule in place (same id, same
 * history), in one transaction that commits only once Temporal accepted the change. Pausing or resuming through
 * a PATCH is recorded like the pause/resume endpoints.
 */
import {
  pauseActor,
  type SavedQueryRow,
  type ScheduleOverlap,
  type SchedulePatch,
  type ScheduleRow,
} from '../db/tables';
import { notFound } from '../lib/app-error';
import {
  scheduleAction,
  scheduleErrorToApi,
  scheduleHandle,
  schedulePolicies,
  scheduleSpec,
} from '../temporal/schedules';
import { savedQuerySearchAttributes, withSearchAttributes } from '../temporal/search-attributes';
import type { ServiceDeps } from './deps';
import { renderForRequest } from './render-saved-query';

export interface UpdateScheduleInput {
  cron?: string;
  timezone?: string;
  timeWindow?: { lookbackDays?: number; lagDays?: number };
  parameters?: Record<string, unknown>;
  overlap?: ScheduleOverlap;
  paused?: boolean;
  note?: string | null;
}

type Deps = Pick<ServiceDeps, 'repos' | 'temporal' | 'settings'>;

async function savedQueryOf(deps: Deps, row: ScheduleRow): Promise<SavedQueryRow> {
  const savedQuery = await deps.repos.savedQueries.findById(row.user_id, row.saved_query_id);
  if (!savedQuery) throw notFound('workflow');
  return savedQuery;
}

export async function updateSchedule(
  deps: Deps,
  current: ScheduleRow,
  input: UpdateScheduleInput,
): Promise<ScheduleRow> {
  const savedQuery = await savedQueryOf(deps, current);
  if (input.parameters) renderForRequest(savedQuery, input.parameters);
  const patch: SchedulePatch = {
    ...(input.cron !== undefined && { cron: input.cron }),
    ...(input.timezone !== undefined && { timezone: input.timezone }),
    ...(input.timeWindow?.lookbackDays !== undefined && { lookback_days: input.timeWindow.lookbackDays }),
    ...(input.timeWindow?.lagDays !== undefined && { lag_days: input.timeWindow.lagDays }),
    ...(input.parameters !== undefined && { parameters: input.parameters }),
    ...(input.overlap !== undefined && { overlap: input.overlap }),
    ...(input.paused !== undefined && { paused: input.paused }),
    ...(input.note !== undefined && { note: input.note }),
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
    const change = { at: new Date(), note: row.note, by: pauseActor.user(current.user_id) };
    if (row.paused && !current.paused) await deps.repos.schedules.recordPause(row.id, change, tx);
    if (!row.paused && current.paused) await deps.repos.schedules.recordResume(row.id, change, tx);
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
