/**
 * Data collections' use cases: create (ledger + workflow), the view (weeks, counts, progress, quota waits),
 * reopening weeks (retry-failed, rerun-stale) and the week-stamped results.
 */
import { randomUUID } from 'node:crypto';
import type { DataCollectionRow, SavedQueryRow, WeekStatus } from '../db/tables';
import { currentSqlHash, renderCollectionSql } from '../lib/collection-sql';
import { splitIntoWeeks } from '../lib/collection-weeks';
import { dataCollectionWorkflow, type DataCollectionWorkflowInput } from '../workflows';
import { rerunStaleSignal, retryFailedSignal } from '../workflows/messages';
import { collectionWorkflowId } from '../workflows/ids';
import type { ApiDeps } from './deps';
import { AppError } from './errors';
import { savedQuerySearchAttributes, withSearchAttributes } from './search-attributes';
import { weekDayName, weekDayNumber, type CreateCollectionBody } from './schemas/data-collections';
import { parameterErrorToApi } from './start-execution';

type Deps = Pick<ApiDeps, 'repos' | 'temporal' | 'settings'>;
const FINISHED_WEEKS: WeekStatus[] = ['SUCCEEDED', 'STALE', 'FAILED', 'CANCELLED'];
export const FINISHED_COLLECTION = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];

export function workflowInputOf(deps: Deps, row: DataCollectionRow): DataCollectionWorkflowInput {
  const c = deps.settings.collections;
  return {
    collectionId: row.id,
    concurrency: row.concurrency,
    dataLagSeconds: c.dataLagDays * 24 * 3600,
    retryBackoffSeconds: c.retryBackoffSeconds,
    continueAsNewAfterWeeks: c.continueAsNewAfterWeeks,
    pollInitialSeconds: deps.settings.pollInitialSeconds,
    pollMaxSeconds: deps.settings.pollMaxSeconds,
  };
}

export async function createCollection(deps: Deps, savedQuery: SavedQueryRow, body: CreateCollectionBody) {
  const c = deps.settings.collections;
  try {
    renderCollectionSql(savedQuery, body.parameters);
  } catch (err) {
    throw parameterErrorToApi(err);
  }
  const weekStartDay = weekDayNumber(body.weekStartDay);
  const weeks = splitIntoWeeks(body.startDate, body.endDate, weekStartDay, body.partialWeeks);
  if (weeks.length === 0) throw new AppError(400, 'NO_WEEKS', 'the range holds no whole week and partialWeeks is drop');
  if (weeks.length > c.maxWeeks) {
    throw new AppError(
      400,
      'TOO_MANY_WEEKS',
      `the range holds ${weeks.length} weeks; at most ${c.maxWeeks} per collection`,
    );
  }
  const id = randomUUID();
  const row = await deps.repos.dataCollections.insert(
    {
      id,
      user_id: savedQuery.user_id,
      workflow_id: savedQuery.id,
      instance_id: savedQuery.instance_id,
      start_date: body.startDate,
      end_date: body.endDate,
      week_start_day: weekStartDay,
      partial_weeks: body.partialWeeks,
      status: 'PENDING',
      parameters: body.parameters,
      concurrency: body.concurrency ?? c.defaultConcurrency,
      temporal_workflow_id: collectionWorkflowId(id),
    },
    weeks.map((w) => ({ week_start: w.weekStart, week_end: w.weekEnd, partial: w.partial })),
    c.weekRetryLimit,
  );
  const typedSearchAttributes = await savedQuerySearchAttributes(deps, savedQuery, {
    collectionId: row.id,
    runKind: 'backfill',
  });
  await withSearchAttributes(deps.temporal, () =>
    deps.temporal.workflow.start(dataCollectionWorkflow, {
      taskQueue: deps.settings.taskQueue,
      workflowId: row.temporal_workflow_id,
      args: [workflowInputOf(deps, row)],
      memo: { savedQueryId: savedQuery.id, savedQueryName: savedQuery.name, instanceId: savedQuery.instance_id },
      typedSearchAttributes,
    }),
  );
  return { row, totalWeeks: weeks.length };
}

/** Flags weeks that ran with SQL other than the saved query's current SQL as STALE (and back). */
export async function refreshStaleWeeks(deps: Deps, row: DataCollectionRow): Promise<void> {
  const savedQuery = await deps.repos.savedQueries.findById(row.user_id, row.workflow_id);
  await deps.repos.dataCollections.markStale(row.id, savedQuery ? currentSqlHash(savedQuery, row.parameters) : null);
}

export async function collectionView(deps: Deps, row: DataCollectionRow) {
  await refreshStaleWeeks(deps, row);
  const weeks = await deps.repos.dataCollections.weeks(row.id);
  const queued = await deps.repos.amcQuota.queuePositions(
    weeks.flatMap((w) => (w.execution_id ? [w.execution_id] : [])),
  );
  const counts = { pending: 0, waiting: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, stale: 0 };
  const presented = weeks.map((w) => {
    const queuePosition = w.status === 'RUNNING' && w.execution_id ? queued.get(w.execution_id) : undefined;
    // A week whose execution waits for an AMC slot is WAITING, not RUNNING: it has not been submitted yet.
    const status: WeekStatus = queuePosition !== undefined ? 'WAITING' : w.status;
    counts[status.toLowerCase() as keyof typeof counts] += 1;
    const waitingFor = queuePosition !== undefined ? 'quota' : status === 'WAITING' ? w.wait_reason : null;
    return {
      weekStart: w.week_start,
      weekEnd: w.week_end,
      partial: w.partial,
      status,
      executionId: w.execution_id,
      attempts: w.attempts,
      retriesLeft: w.retries_left,
      rowCount: w.row_count,
      sqlHash: w.sql_hash,
      ...(waitingFor && { waitingFor }),
      ...(queuePosition !== undefined && { queuePosition }),
      ...(w.next_attempt_at && status === 'WAITING' && { nextAttemptAt: w.next_attempt_at.toISOString() }),
      ...(w.error_code && { error: { code: w.error_code, message: w.error_message ?? '' } }),
    };
  });
  const finished = weeks.filter((w) => FINISHED_WEEKS.includes(w.status)).length;
  return {
    id: row.id,
    workflowId: row.workflow_id,
    instanceId: row.instance_id,
    status: row.status,
    startDate: row.start_date,
    endDate: row.end_date,
    granularity: 'week',
    weekStartDay: weekDayName(row.week_start_day),
    partialWeeks: row.partial_weeks,
    concurrency: row.concurrency,
    parameters: row.parameters,
    totalWeeks: weeks.length,
    finishedWeeks: finished,
    counts,
    progress: weeks.length === 0 ? 1 : finished / weeks.length,
    temporalWorkflowId: row.temporal_workflow_id,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
    weeks: presented,
  };
}

/**
 * retry-failed / rerun-stale: reopens the weeks in the ledger under the collection's row lock (the workflow's
 * final check takes the same lock, so a finishing workflow either sees them or has already finished), then
 * signals the workflow, starting a new run when the last one has finished (signalWithStart).
 */
export async function reopenWeeks(deps: Deps, row: DataCollectionRow, kind: 'failed' | 'stale'): Promise<number> {
  if (row.status === 'CANCELLED')
    throw new AppError(409, 'COLLECTION_CANCELLED', 'a cancelled collection cannot run again');
  if (kind === 'stale') await refreshStaleWeeks(deps, row);
  const { dataCollections } = deps.repos;
  const reopened = await dataCollections.transaction(async (tx) => {
    const locked = await dataCollections.lock(row.id, tx);
    const reset = { status: 'PENDING' as const, wait_reason: null, next_attempt_at: null };
    let n: number;
    if (kind === 'failed') {
      const retries = deps.settings.collections.weekRetryLimit;
      n = await dataCollections.updateWeeksWhere(row.id, ['FAILED'], { ...reset, retries_left: retries }, tx);
      // Weeks waiting for an automatic retry run now too.
      await dataCollections.updateWeeksWhere(row.id, ['WAITING'], { next_attempt_at: null }, tx);
    } else {
      n = await dataCollections.updateWeeksWhere(row.id, ['STALE'], reset, tx);
    }
    if (n > 0 && locked.status !== 'PAUSED') await dataCollections.setStatus(row.id, 'RUNNING', tx);
    return n;
  });
  if (reopened === 0) {
    throw new AppError(
      409,
      kind === 'failed' ? 'NO_FAILED_WEEKS' : 'NO_STALE_WEEKS',
      `the collection has no ${kind} weeks`,
    );
  }
  await deps.temporal.workflow.signalWithStart(dataCollectionWorkflow, {
    taskQueue: deps.settings.taskQueue,
    workflowId: row.temporal_workflow_id,
    args: [workflowInputOf(deps, row)],
    signal: kind === 'failed' ? retryFailedSignal : rerunStaleSignal,
    signalArgs: [],
  });
  return reopened;
}
