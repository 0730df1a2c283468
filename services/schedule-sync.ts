/**
 * The one order every schedule write follows, so that a crash at any step can be repaired (issue 15 item 6):
 *   1. the row is written and committed with what Temporal still owes it (`temporal_sync` PENDING_CREATE |
 *      PENDING_UPDATE | PENDING_DELETE, `sync_requested_at`);
 *   2. the Temporal Schedule `recomamp-schedule/<id>` is made to match the row (created, updated, or deleted);
 *   3. the row is marked SYNCED (with its pause history brought in line with `paused`), or deleted.
 * The API answers once all three are done. A write interrupted after step 1 is finished by the reconciler
 * (activities/reconciler.ts, `settleSchedule`) once the row has been quiet for a while. Step 3 only marks the
 * write that is still the latest (compare-and-set on `sync_requested_at`): a write that lost that race pushes the
 * row as it now is again, so the last push to Temporal is always of the newest row.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { Repositories } from '../db';
import { pauseActor, type SavedQueryRow, type ScheduleRow } from '../db/tables';
import {
  deleteTemporalSchedules,
  scheduleAction,
  scheduleRefusalReason,
  scheduleHandle,
  schedulePolicies,
  scheduleSpec,
} from '../temporal/schedules';
import { savedQuerySearchAttributes, withSearchAttributes } from '../temporal/search-attributes';
import type { ServiceSettings } from './deps';

export interface ScheduleSyncDeps {
  repos: Pick<Repositories, 'db' | 'schedules' | 'savedQueries' | 'amcInstances'>;
  temporal: Client;
  settings: Pick<ServiceSettings, 'taskQueue' | 'pollInitialSeconds' | 'pollMaxSeconds' | 'scheduleCatchupWindow'>;
}

/** What the Temporal Schedule's memo carries: its row, the saved query it runs, and whose it is. */
export const scheduleMemo = (row: ScheduleRow, savedQuery: SavedQueryRow) => ({
  scheduleId: row.id,
  userId: row.user_id,
  savedQueryId: savedQuery.id,
  savedQueryName: savedQuery.name,
});

/** Temporal refused the row itself (a cron or zone it cannot read): retrying the same write cannot help. */
export const isScheduleRefusal = (err: unknown): boolean => scheduleRefusalReason(err) !== undefined;

/**
 * Step 2 for a live row: the Temporal Schedule made to match it (spec, action, policies, paused state and note).
 * A PENDING_CREATE row is created first (updated if it already exists); any other is updated (created if missing).
 */
export async function pushScheduleToTemporal(
  deps: ScheduleSyncDeps,
  row: ScheduleRow,
  savedQuery: SavedQueryRow,
): Promise<void> {
  const searchAttributes = await savedQuerySearchAttributes(deps, savedQuery, {
    scheduleId: row.id,
    runKind: 'scheduled',
  });
  const state = { paused: row.paused, ...(row.note && { note: row.note }) };
  const create = () =>
    withSearchAttributes(deps.temporal, () =>
      deps.temporal.schedule.create({
        scheduleId: row.temporal_schedule_id,
        spec: scheduleSpec(row),
        action: scheduleAction(deps, row, savedQuery, searchAttributes),
        policies: schedulePolicies(deps, row),
        memo: scheduleMemo(row, savedQuery),
        state,
      }),
    );
  const update = () =>
    withSearchAttributes(deps.temporal, () =>
      scheduleHandle(deps, row).update((prev) => ({
        spec: scheduleSpec(row),
        action: scheduleAction(deps, row, savedQuery, searchAttributes),
        policies: { ...prev.policies, ...schedulePolicies(deps, row) },
        state,
      })),
    );
  if (row.temporal_sync === 'PENDING_CREATE') {
    try {
      await create();
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await update();
    }
    return;
  }
  try {
    await update();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    await create();
  }
}

/**
 * Step 3: the pause history brought in line with the row (an interval opened when it is paused and none is open,
 * the open one closed when it is not; by the row's user, with the row's note) and the row marked SYNCED, in one
 * transaction. Undefined when a newer write came in meanwhile (it, or `settleSchedule`, finishes the row).
 */
export async function markScheduleSynced(
  deps: Pick<ScheduleSyncDeps, 'repos'>,
  row: ScheduleRow,
): Promise<ScheduleRow | undefined> {
  return deps.repos.db.transaction(async (tx) => {
    const synced = await deps.repos.schedules.markSynced(row.id, row.sync_requested_at, tx);
    if (!synced) return undefined;
    const change = { at: new Date(), note: synced.note, by: pauseActor.user(synced.user_id) };
    if (synced.paused) await deps.repos.schedules.recordPause(synced.id, change, tx);
    else await deps.repos.schedules.recordResume(synced.id, change, tx);
    return synced;
  });
}

export type SettleOutcome = 'SYNCED' | 'UNCHANGED' | 'DELETED' | 'GONE' | 'BUSY';

/**
 * Finishes whatever the row `id` still owes Temporal, as it is now: a PENDING_DELETE row's Schedule is deleted and
 * then the row; a PENDING_CREATE / PENDING_UPDATE row is pushed and marked SYNCED. UNCHANGED when it was SYNCED
 * already; BUSY when newer writes kept superseding ours (their own sequence finishes the row).
 */
export async function settleSchedule(deps: ScheduleSyncDeps, id: string): Promise<SettleOutcome> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const row = await deps.repos.schedules.getAny(id);
    if (!row) return 'GONE';
    if (row.temporal_sync === 'SYNCED') return attempt === 0 ? 'UNCHANGED' : 'SYNCED';
    if (row.temporal_sync === 'PENDING_DELETE') {
      await deleteTemporalSchedules(deps, [row]);
      await deps.repos.schedules.deletePending(row.id);
      return 'DELETED';
    }
    const savedQuery = await deps.repos.savedQueries.findById(row.user_id, row.saved_query_id);
    if (!savedQuery) return 'GONE'; // its saved query is being deleted: the row goes with it (cascade)
    await pushScheduleToTemporal(deps, row, savedQuery);
    if (await markScheduleSynced(deps, row)) return 'SYNCED';
  }
  return 'BUSY';
}

/**
 * Steps 2 and 3 for a write whose row was just committed as pending. On failure, `undo` gives the row back its
 * state before the write (a refusal: nothing reached Temporal; anything else: the reconciler pushes the restored
 * row) and the error is rethrown. Returns the SYNCED row.
 */
export async function completeScheduleWrite(
  deps: ScheduleSyncDeps,
  row: ScheduleRow,
  savedQuery: SavedQueryRow,
  undo: (err: unknown) => Promise<unknown>,
): Promise<ScheduleRow> {
  try {
    await pushScheduleToTemporal(deps, row, savedQuery);
  } catch (err) {
    await undo(err).catch(() => undefined); // the row stays pending: the reconciler finishes it
    throw err;
  }
  const synced = await markScheduleSynced(deps, row);
  if (synced) return synced;
  await settleSchedule(deps, row.id); // a newer write came in meanwhile: make sure the newest row is what Temporal has
  return (await deps.repos.schedules.getAny(row.id)) ?? row;
}
