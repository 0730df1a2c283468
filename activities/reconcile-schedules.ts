/**
 * The reconciler's schedule pass (activities/reconciler.ts): schedule rows and Temporal Schedules
 * (`recomamp-schedule/<id>`) brought back in step after a crash between the steps of a schedule write
 * (services/schedule-sync.ts) or a change behind our back.
 *
 * - A row whose write is unfinished (PENDING_CREATE | PENDING_UPDATE | PENDING_DELETE) and quiet is finished:
 *   its Schedule created or updated to the row, or deleted and then the row. A row Temporal refuses (a bad cron
 *   left by a crash before Temporal saw it) is counted: a refused create's row is removed (its POST never
 *   answered), a refused update's row is left for an operator.
 * - A Temporal Schedule named `recomamp-schedule/<uuid>` whose memo names that same row id (proof it is ours) and
 *   for which no row exists is deleted. With a `userId` filter, only if its memo names that user.
 * - A SYNCED row, quiet, whose Temporal Schedule is missing (confirmed by describe, as listing lags) is re-created.
 */
import { ScheduleNotFoundError, type Client, type ScheduleSummary } from '@temporalio/client';
import type { ReconcilerDb } from '../db/reconciler';
import {
  isScheduleRefusal,
  pushScheduleToTemporal,
  settleSchedule,
  type ScheduleSyncDeps,
} from '../services/schedule-sync';
import { temporalScheduleId } from '../workflows/ids';

export interface ScheduleReconcileResult {
  /** Interrupted creates finished (the Temporal Schedule exists, the row is SYNCED). */
  schedulesCreated: number;
  /** Interrupted updates finished (the Temporal Schedule matches the row). */
  schedulesUpdated: number;
  /** Interrupted deletes finished (Temporal Schedule and row gone). */
  schedulesDeleted: number;
  /** Temporal Schedules of ours without a row, deleted. */
  orphanSchedulesDeleted: number;
  /** SYNCED rows whose Temporal Schedule had vanished, re-created. */
  schedulesRecreated: number;
  /** Pending rows Temporal refuses (see above). */
  schedulesRefused: number;
}

export const emptyScheduleReconcileResult = (): ScheduleReconcileResult => ({
  schedulesCreated: 0,
  schedulesUpdated: 0,
  schedulesDeleted: 0,
  orphanSchedulesDeleted: 0,
  schedulesRecreated: 0,
  schedulesRefused: 0,
});

export interface ScheduleReconcileInput {
  quietSeconds: number;
  batch: number;
  userId?: string;
}

const SCHEDULE_PREFIX = temporalScheduleId('');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The row id a Temporal Schedule belongs to, when its id and memo both say it is one of ours (else undefined). */
function ownRowId(summary: ScheduleSummary, userId: string | undefined): string | undefined {
  if (!summary.scheduleId.startsWith(SCHEDULE_PREFIX)) return undefined;
  const id = summary.scheduleId.slice(SCHEDULE_PREFIX.length);
  if (!UUID.test(id) || summary.memo?.scheduleId !== id) return undefined;
  if (userId !== undefined && summary.memo?.userId !== userId) return undefined;
  return id;
}

async function temporalScheduleExists(client: Client, temporalId: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(temporalId).describe();
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

export async function reconcileSchedules(
  deps: Omit<ScheduleSyncDeps, 'temporal'> & { reconciler: ReconcilerDb },
  client: Client,
  input: ScheduleReconcileInput,
): Promise<ScheduleReconcileResult> {
  const sync: ScheduleSyncDeps = { ...deps, temporal: client };
  const result = emptyScheduleReconcileResult();

  for (const row of await deps.reconciler.pendingSchedules(input.quietSeconds, input.batch, input.userId)) {
    try {
      const outcome = await settleSchedule(sync, row.id);
      if (outcome === 'DELETED') result.schedulesDeleted += 1;
      else if (outcome === 'SYNCED' && row.temporal_sync === 'PENDING_CREATE') result.schedulesCreated += 1;
      else if (outcome === 'SYNCED') result.schedulesUpdated += 1;
    } catch (err) {
      if (!isScheduleRefusal(err)) throw err;
      result.schedulesRefused += 1;
      if (row.temporal_sync === 'PENDING_CREATE') await deps.repos.schedules.delete(row.id);
    }
  }

  const listed = new Map<string, ScheduleSummary>();
  for await (const summary of client.schedule.list()) {
    if (summary.scheduleId.startsWith(SCHEDULE_PREFIX)) listed.set(summary.scheduleId, summary);
  }

  const candidates = new Map<string, string>(); // row id → Temporal Schedule id
  for (const summary of listed.values()) {
    const id = ownRowId(summary, input.userId);
    if (id) candidates.set(id, summary.scheduleId);
  }
  const existing = new Set((await deps.reconciler.schedulesById([...candidates.keys()])).map((r) => r.id));
  for (const [id, temporalId] of candidates) {
    if (existing.has(id) || result.orphanSchedulesDeleted >= input.batch) continue;
    try {
      await client.schedule.getHandle(temporalId).delete();
      result.orphanSchedulesDeleted += 1;
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }

  for (const view of await deps.reconciler.syncedSchedules(input.quietSeconds, input.userId)) {
    if (listed.has(view.temporal_schedule_id) || result.schedulesRecreated >= input.batch) continue;
    if (await temporalScheduleExists(client, view.temporal_schedule_id)) continue; // listing lags behind
    const row = await deps.repos.schedules.getAny(view.id);
    if (!row || row.temporal_sync !== 'SYNCED') continue; // changed meanwhile: its own write (or the next pass) acts
    const savedQuery = await deps.repos.savedQueries.findById(row.user_id, row.saved_query_id);
    if (!savedQuery) continue;
    try {
      await pushScheduleToTemporal(sync, row, savedQuery);
      result.schedulesRecreated += 1;
    } catch (err) {
      if (!isScheduleRefusal(err)) throw err;
      result.schedulesRefused += 1;
    }
  }
  return result;
}
