/**
 * RecomAMP schedule rows ↔ Temporal Schedules: the options a row compiles to, and the calls every use case shares.
 * The Temporal Schedule is the source of truth for *when* runs fire (cron in the row's zone, DST included);
 * Postgres holds what a run needs (parameters, window) and what the REST contract shows.
 */
import {
  ScheduleNotFoundError,
  ServiceError,
  type Client,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleOverlapPolicy,
} from '@temporalio/client';
import type { SearchAttributePair, Workflow } from '@temporalio/common';
import { msNumberToTs, tsToDate } from '@temporalio/common/lib/time';
import type { SavedQueryRow, ScheduleOverlap, ScheduleRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { scheduledRunWorkflowIdPrefix } from '../workflows/ids';
import type { ScheduledRunWorkflowInput } from '../workflows/messages';

/** What a schedule's action and policies are built from (services/deps.ts ServiceSettings has these). */
interface Deps {
  settings: { taskQueue: string; pollInitialSeconds: number; pollMaxSeconds: number; scheduleCatchupWindow: string };
}

export const OVERLAP_POLICIES: Record<ScheduleOverlap, ScheduleOverlapPolicy> = {
  skip: 'SKIP',
  buffer_one: 'BUFFER_ONE',
  allow_all: 'ALLOW_ALL',
};

/**
 * Backfills must not drop runs, nor run them one after another: every backfilled run starts at once, and the AMC
 * quota gate (db/amc-quota.ts) bounds how many run at AMC. They wait there as `backfill` (a fire started long after
 * its time, services/create-scheduled-execution.ts), behind the schedule's regular fires, which are never starved.
 */
export const backfillOverlap = (_row: ScheduleRow): ScheduleOverlapPolicy => 'ALLOW_ALL';

export function scheduleSpec(row: ScheduleRow) {
  return { cronExpressions: [row.cron], timezone: row.timezone };
}

/** `searchAttributes`: temporal/search-attributes.ts savedQuerySearchAttributes(…, { scheduleId, runKind: 'scheduled' }). */
export function scheduleAction(
  deps: Deps,
  row: ScheduleRow,
  savedQuery: SavedQueryRow,
  searchAttributes: SearchAttributePair[] = [],
) {
  return {
    type: 'startWorkflow',
    workflowType: 'scheduledRunWorkflow',
    taskQueue: deps.settings.taskQueue,
    workflowId: scheduledRunWorkflowIdPrefix(row.id),
    args: [
      {
        scheduleId: row.id,
        pollInitialSeconds: deps.settings.pollInitialSeconds,
        pollMaxSeconds: deps.settings.pollMaxSeconds,
      } satisfies ScheduledRunWorkflowInput,
    ],
    memo: { scheduleId: row.id, savedQueryId: savedQuery.id, savedQueryName: savedQuery.name },
    typedSearchAttributes: searchAttributes,
  } satisfies ScheduleOptionsStartWorkflowAction<Workflow>;
}

export function schedulePolicies(deps: Deps, row: ScheduleRow) {
  return { overlap: OVERLAP_POLICIES[row.overlap], catchupWindow: deps.settings.scheduleCatchupWindow };
}

const INVALID_SPEC = /Invalid schedule spec: /; // 23 characters
const INVALID_ARGUMENT = 3; // gRPC status

/**
 * The server's reason when Temporal refused a Schedule's spec ("Minute is not in range [0-59]"), else undefined.
 * Through a Connection the SDK throws it as a TypeError; through a worker's NativeConnection (the reconciler) it
 * arrives as a ServiceError whose cause is the INVALID_ARGUMENT gRPC error, with the message unprefixed.
 */
export function scheduleRefusalReason(err: unknown): string | undefined {
  if (err instanceof TypeError) return err.message;
  const cause = (err as { cause?: { code?: unknown; details?: unknown; message?: unknown } } | undefined)?.cause;
  if (!(err instanceof ServiceError) || cause?.code !== INVALID_ARGUMENT) return undefined;
  for (const text of [cause.details, cause.message]) {
    if (typeof text === 'string' && INVALID_SPEC.test(text)) return text.slice(text.search(INVALID_SPEC) + 23);
  }
  return undefined;
}

/** Temporal rejects a bad cron with the server's reason: 400 INVALID_CRON. */
export function scheduleErrorToApi(err: unknown, row: Pick<ScheduleRow, 'cron'>): unknown {
  const reason = scheduleRefusalReason(err);
  if (reason === undefined) return err;
  return new AppError(400, 'INVALID_CRON', `cron "${row.cron}" is invalid: ${reason}`, {
    reason,
    cron: row.cron,
  });
}

export const scheduleHandle = (deps: { temporal: Pick<Client, 'schedule'> }, row: ScheduleRow) =>
  deps.temporal.schedule.getHandle(row.temporal_schedule_id);

/** Deletes Temporal Schedules; one already gone counts as deleted. */
export async function deleteTemporalSchedules(
  deps: { temporal: Pick<Client, 'schedule'> },
  rows: ScheduleRow[],
): Promise<void> {
  for (const row of rows) {
    try {
      await scheduleHandle(deps, row).delete();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
}

/** The times the schedule's spec matches in [start, end] (Temporal evaluates the cron: zone and DST included). */
export async function matchingTimes(
  deps: { temporal: Pick<Client, 'workflowService' | 'options'> },
  row: ScheduleRow,
  start: Date,
  end: Date,
): Promise<Date[]> {
  const res = await deps.temporal.workflowService.listScheduleMatchingTimes({
    namespace: deps.temporal.options.namespace,
    scheduleId: row.temporal_schedule_id,
    startTime: msNumberToTs(start.getTime()),
    endTime: msNumberToTs(end.getTime()),
  });
  return (res.startTime ?? []).map((ts) => tsToDate(ts));
}
