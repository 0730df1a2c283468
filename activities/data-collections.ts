/**
 * Activities of the data collection workflow: the per-week ledger in Postgres. The workflow holds only week
 * dates and statuses; SQL, parameters and rows stay here.
 *
 * Exactly once per week at AMC: a week's execution row is created with the idempotency key
 * (collection, week, attempt), so a retried `prepareCollectionWeek` finds the row it created; a week whose
 * execution is still live (or whose AMC execution exists) is resumed with that same row, and a new attempt is
 * only ever created once the previous execution is terminal and not SUCCEEDED.
 */
import type { DataCollectionsDb } from '../db/data-collections';
import type { ExecutionsDb } from '../db/executions';
import type { SavedQueriesDb } from '../db/saved-queries';
import type { CollectionWeekRow } from '../db/tables';
import {
  hasWeekResults,
  isFinishedWeekStatus,
  type CollectionStatus,
  type WeekStatus,
} from '../lib/collection-statuses';
import { isTerminalExecutionStatus } from '../lib/execution-statuses';
import { renderCollectionSql } from '../lib/collection-sql';
import { PARAMETER_ERROR_CODES } from '../lib/parameter-error';
import { ParameterError } from '../lib/sql-parameters';
import { FAILURE_TYPES } from '../workflows/failures';
import { collectionWeekWorkflowId } from '../workflows/ids';
import { recordExecution } from '../services/record-execution';
import { randomUUID } from 'node:crypto';
import { RecordDeletedError } from '../lib/record-deleted';

export interface DataCollectionActivitiesDeps {
  dataCollections: DataCollectionsDb;
  executions: Pick<ExecutionsDb, 'get' | 'insertIdempotent' | 'transition'>;
  savedQueries: Pick<SavedQueriesDb, 'findById'>;
}

/** What the workflow knows of a week. Times are epoch ms. */
export interface WeekState {
  weekStart: string;
  weekEnd: string;
  status: WeekStatus;
  nextAttemptAt: number | null;
}

/** A collection's final check: when `done`, the completion it recorded (its number, outcome and time). */
export type CollectionFinish =
  { done: false } | { done: true; status: CollectionStatus; completion: number; completedAt: string };

export interface WeekRef {
  collectionId: string;
  weekStart: string;
}

/** Failures that a retry cannot fix: the SQL or the request must change first (a lost consent pauses instead). */
const PERMANENT_CODES: string[] = [
  FAILURE_TYPES.sqlCompile,
  FAILURE_TYPES.amcRequestRejected,
  FAILURE_TYPES.sandboxUnsupported,
  ...PARAMETER_ERROR_CODES,
];

const toState = (w: CollectionWeekRow): WeekState => ({
  weekStart: w.week_start,
  weekEnd: w.week_end,
  status: w.status,
  nextAttemptAt: w.next_attempt_at ? w.next_attempt_at.getTime() : null,
});

export function createDataCollectionActivities(deps: DataCollectionActivitiesDeps) {
  const { dataCollections, executions } = deps;

  return {
    async loadCollectionWeeks({ collectionId }: { collectionId: string }): Promise<WeekState[]> {
      return (await dataCollections.weeks(collectionId)).map(toState);
    },

    async setCollectionStatus({ collectionId, status }: { collectionId: string; status: CollectionStatus }) {
      await dataCollections.setStatus(collectionId, status);
    },

    /** Weeks whose data AMC may not have yet: WAITING (data_lag) until their durable timer fires at `readyAt`. */
    async markWeeksWaiting({
      collectionId,
      weeks,
    }: {
      collectionId: string;
      weeks: { weekStart: string; readyAt: number }[];
    }) {
      for (const { weekStart, readyAt } of weeks) {
        await dataCollections.updateWeek(collectionId, weekStart, {
          status: 'WAITING',
          wait_reason: 'data_lag',
          next_attempt_at: new Date(readyAt),
        });
      }
    },

    /**
     * The execution this week runs as: the live one when there is one (resume, never a second), else a new
     * attempt. `run: false` means the execution is already terminal: record it without running anything.
     */
    async prepareCollectionWeek({
      collectionId,
      weekStart,
    }: WeekRef): Promise<{ executionId: string | null; run: boolean }> {
      const collection = await dataCollections.get(collectionId);
      const week = (await dataCollections.weeks(collectionId)).find((w) => w.week_start === weekStart);
      if (!week) throw new RecordDeletedError(`week ${weekStart} of collection ${collectionId} does not exist`);
      const current = week.execution_id ? await executions.get(week.execution_id) : undefined;
      if (current && (!isTerminalExecutionStatus(current.status) || week.status === 'RUNNING')) {
        await dataCollections.updateWeek(collectionId, weekStart, {
          status: 'RUNNING',
          wait_reason: null,
          next_attempt_at: null,
        });
        return { executionId: current.id, run: !isTerminalExecutionStatus(current.status) };
      }
      const savedQuery = await deps.savedQueries.findById(collection.user_id, collection.saved_query_id);
      let rendered;
      try {
        if (!savedQuery)
          throw new ParameterError('INVALID_PARAMETER', '', 'the saved query of this collection was deleted');
        rendered = renderCollectionSql(savedQuery, collection.parameters);
      } catch (err) {
        if (!(err instanceof ParameterError)) throw err;
        await dataCollections.updateWeek(collectionId, weekStart, {
          status: 'FAILED',
          error_code: err.code,
          error_message: err.message,
          wait_reason: null,
          next_attempt_at: null,
          retries_left: 0, // the query must change first: no automatic retry can help
        });
        return { executionId: null, run: false };
      }
      const attempt = week.attempts + 1;
      // An automatic retry uses one now that it runs (a WAITING week shows the retry it waits for as still left).
      const isAutomaticRetry = week.status === 'WAITING' && week.wait_reason === 'retry' && week.attempts > 0;
      const id = randomUUID();
      const { execution } = await recordExecution(deps, {
        id,
        savedQuery: collection,
        window: { start: new Date(`${week.week_start}T00:00:00Z`), end: new Date(`${week.week_end}T00:00:00Z`) },
        rendered,
        runKind: 'backfill',
        idempotencyKey: `collection:${collectionId}:${weekStart}:${attempt}`,
        temporalWorkflowId: collectionWeekWorkflowId(collection.temporal_workflow_id, weekStart),
      });
      await dataCollections.updateWeek(collectionId, weekStart, {
        status: 'RUNNING',
        execution_id: execution.id,
        attempts: attempt,
        ...(isAutomaticRetry && { retries_left: Math.max(0, week.retries_left - 1) }),
        sql_hash: rendered.hash,
        wait_reason: null,
        next_attempt_at: null,
        error_code: null,
        error_message: null,
      });
      return { executionId: execution.id, run: true };
    },

    /**
     * Writes the week's outcome from its execution row (the single source of truth): SUCCEEDED with its row
     * count; FAILED for good when a retry cannot help (REJECTED, compile errors, …) or no retries are left;
     * otherwise WAITING for an automatic retry after a doubling back-off. An execution still live (its child was
     * terminated) is resumed after the back-off, without using a retry.
     */
    async recordCollectionWeek(
      input: WeekRef & { executionId: string; retryBackoffSeconds: number },
    ): Promise<WeekState> {
      const { collectionId, weekStart } = input;
      const row = await executions.get(input.executionId);
      const week = (await dataCollections.weeks(collectionId)).find((w) => w.week_start === weekStart)!;
      const backoffMs = input.retryBackoffSeconds * 1000 * 2 ** Math.max(0, week.attempts - 1);
      const retryAt = new Date(Date.now() + backoffMs);
      const error = { error_code: row.error_code, error_message: row.error_message };
      if (row.status === 'SUCCEEDED') {
        await dataCollections.updateWeek(collectionId, weekStart, {
          status: 'SUCCEEDED',
          result_execution_id: row.id, // the week's results are this run's rows from now on
          row_count: row.row_count,
          error_code: null,
          error_message: null,
          wait_reason: null,
        });
      } else if (row.status === 'CANCELLED') {
        await dataCollections.updateWeek(collectionId, weekStart, { status: 'CANCELLED', ...error, wait_reason: null });
      } else if (row.status === 'FAILED' && row.error_code === FAILURE_TYPES.amazonConsentRequired) {
        // Not the week's fault, and not worth a retry: it waits, keeping its retries, while the token refresh
        // pauses the collection for re-consent (services/amazon-consent.ts); the next login resumes it.
        await dataCollections.updateWeek(collectionId, weekStart, {
          status: 'WAITING',
          wait_reason: 'consent',
          next_attempt_at: retryAt,
          ...error,
        });
      } else if (row.status === 'FAILED') {
        const permanent = PERMANENT_CODES.includes(row.error_code ?? '') || row.amc_status === 'REJECTED';
        if (permanent || week.retries_left <= 0) {
          await dataCollections.updateWeek(collectionId, weekStart, {
            status: 'FAILED',
            ...error,
            wait_reason: null,
            next_attempt_at: null,
            ...(permanent && { retries_left: 0 }), // retrying the same request cannot help
          });
        } else {
          // The retry is used when it starts (prepareCollectionWeek): until then the week shows it as still left.
          await dataCollections.updateWeek(collectionId, weekStart, {
            status: 'WAITING',
            wait_reason: 'retry',
            next_attempt_at: retryAt,
            ...error,
          });
        }
      } else {
        await dataCollections.updateWeek(collectionId, weekStart, {
          status: 'WAITING',
          wait_reason: 'retry',
          next_attempt_at: retryAt,
        });
      }
      const after = (await dataCollections.weeks(collectionId)).find((w) => w.week_start === weekStart)!;
      return toState(after);
    },

    /**
     * The workflow's last word, under the collection's row lock (retry-failed and rerun-stale take the same lock,
     * services/reopen-collection-weeks.ts): when every week is finished, the final status is written and `done` is true; when the API
     * has just reopened weeks, `done` is false and the workflow carries on.
     */
    async finishCollection({ collectionId }: { collectionId: string }): Promise<CollectionFinish> {
      return dataCollections.transaction(async (tx) => {
        await dataCollections.lock(collectionId, tx);
        const weeks = await dataCollections.weeks(collectionId, tx);
        if (weeks.some((w) => !isFinishedWeekStatus(w.status))) return { done: false };
        const ok = weeks.filter((w) => hasWeekResults(w.status)).length;
        const status: CollectionStatus = ok === weeks.length ? 'SUCCEEDED' : ok === 0 ? 'FAILED' : 'PARTIAL';
        const { completion, completedAt } = await dataCollections.complete(collectionId, status, tx);
        return { done: true, status, completion, completedAt: completedAt.toISOString() };
      });
    },

    /** After a cancel: every unfinished week and its never-started execution end CANCELLED (a completion too). */
    async cancelCollectionWeeks({ collectionId }: { collectionId: string }): Promise<CollectionFinish> {
      for (const week of await dataCollections.weeks(collectionId)) {
        if (isFinishedWeekStatus(week.status)) continue;
        if (week.execution_id) {
          await executions.transition(
            week.execution_id,
            { status: 'CANCELLED', completed_at: new Date() },
            'collection cancelled',
          );
        }
        await dataCollections.updateWeek(collectionId, week.week_start, {
          status: 'CANCELLED',
          wait_reason: null,
          next_attempt_at: null,
        });
      }
      const { completion, completedAt } = await dataCollections.complete(collectionId, 'CANCELLED');
      return { done: true, status: 'CANCELLED', completion, completedAt: completedAt.toISOString() };
    },
  };
}
