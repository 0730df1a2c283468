/**
 * Update a schedule (PATCH /api/schedules/:id): the row and its Temporal Schedule in place (same id, same
 * history), in the order services/schedule-sync.ts describes: the row is committed as PENDING_UPDATE, Temporal is
 * updated, the row is marked SYNCED. A change Temporal refuses (a bad cron) gives the row back its previous values
 * (400 INVALID_CRON); any other failure does too, and the reconciler pushes the restored row. Pausing or resuming
 * through a PATCH is recorded in the pause history like the pause/resume endpoints.
 */
import type { SavedQueryRow, ScheduleOverlap, SchedulePatch, ScheduleRow } from '../db/tables';
import { notFound } from '../lib/app-error';
import { scheduleErrorToApi } from '../temporal/schedules';
import type { ServiceDeps } from './deps';
import { renderForRequest } from './render-saved-query';
import { completeScheduleWrite, isScheduleRefusal } from './schedule-sync';

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

/** The values `patch` replaces, as they were in `current`. */
function previousValues(current: ScheduleRow, patch: SchedulePatch): SchedulePatch {
  const keys = Object.keys(patch) as (keyof SchedulePatch)[];
  return Object.fromEntries(keys.map((k) => [k, current[k]])) as SchedulePatch;
}

/**
 * Writes `patch` to the row and its Temporal Schedule (services/schedule-sync.ts); shared by PATCH and
 * pause/resume. On failure the row gets its previous values back and the error is rethrown as the API's.
 */
export async function writeSchedulePatch(
  deps: Deps,
  current: ScheduleRow,
  patch: SchedulePatch,
  savedQuery?: SavedQueryRow,
): Promise<ScheduleRow> {
  savedQuery ??= await savedQueryOf(deps, current);
  const row = await deps.repos.schedules.requestSync(current.id, patch, 'PENDING_UPDATE');
  if (!row) throw notFound('schedule');
  try {
    return await completeScheduleWrite(deps, row, savedQuery, (err) =>
      deps.repos.schedules.restore(
        row.id,
        row.sync_requested_at,
        previousValues(current, patch),
        isScheduleRefusal(err) ? current.temporal_sync : 'PENDING_UPDATE',
      ),
    );
  } catch (err) {
    throw scheduleErrorToApi(err, row);
  }
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
  return writeSchedulePatch(deps, current, patch, savedQuery);
}
