/**
 * A data collection: one saved query run once per week over [startDate, endDate], each week a child
 * `amcExecutionWorkflow` (id `<this id>/week-<yyyy-mm-dd>`), with the per-week ledger in Postgres.
 *
 * - Sliding window: at most `concurrency` weeks in flight; AMC's own limits are enforced below that by the quota
 *   gate every execution passes (so two collections on one instance share one budget).
 * - Durable waits instead of early runs: a week runs only once its data is complete at AMC (week end + data
 *   lag), and a failed week is retried after a doubling back-off; both are timers of this workflow, and both
 *   are derived from the ledger, so they survive restarts and continue-as-new.
 * - Compact state: the ledger is the truth, this workflow holds week dates and statuses only. After
 *   `continueAsNewAfterWeeks` finished weeks (or when Temporal suggests it) it stops launching, lets the weeks in
 *   flight finish (children cannot outlive a run that continues as new without being terminated) and continues
 *   as new, so 260+ weeks keep every run's history small.
 * - Exactly once per week at AMC: see activities/data-collections.ts (execution rows keyed by week + attempt,
 *   live executions resumed) and amc-execution.ts (the AMC execution is created at most once per row).
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  ChildWorkflowCancellationType,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { collectionShares, isFinishedWeekStatus, type CollectionStatus } from '../lib/collection-statuses';
import type { WeekState } from '../activities/data-collections';
import { bookkeepingOptions } from './activity-options';
import { amcExecutionWorkflow } from './amc-execution';
import { collectionWeekWorkflowId } from './ids';
import {
  cancelSignal,
  pauseSignal,
  progressQuery,
  rerunStaleSignal,
  resumeSignal,
  retryFailedSignal,
  type CollectionProgress,
  type DataCollectionWorkflowInput,
} from './messages';
import { ownSearchAttributes, SEARCH_ATTRIBUTES } from './search-attributes';
import { START_POLICIES } from './start-policies';
import { emitWebhookEvent } from './webhook-delivery';

// Helpers

/** When the week may run: its data is complete at AMC and any retry back-off has passed. */
function readyAt(week: WeekState, lagMs: number): number {
  return Math.max(Date.parse(`${week.weekEnd}T00:00:00Z`) + lagMs, week.nextAttemptAt ?? 0);
}

/** The collection's outcome as the RecomampStatus search attribute (filterable in the Temporal UI). */
function showStatus(status: CollectionStatus | 'RUNNING'): void {
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: status }]);
}

export function progressOf(weeks: WeekState[], inFlight: string[], paused: boolean): CollectionProgress {
  const counts: Record<string, number> = {};
  for (const w of weeks) counts[w.status] = (counts[w.status] ?? 0) + 1;
  const finishedWeeks = weeks.filter((w) => isFinishedWeekStatus(w.status)).length;
  const shares = collectionShares(weeks.map((w) => w.status));
  return { totalWeeks: weeks.length, finishedWeeks, ...shares, counts, inFlight, paused };
}

// Workflow

/** Runs every week of a collection to SUCCEEDED or FAILED (after its retries), unless cancelled. */
export async function dataCollectionWorkflow(input: DataCollectionWorkflowInput): Promise<{ status: string }> {
  const { collectionId } = input;
  const {
    loadCollectionWeeks,
    setCollectionStatus,
    markWeeksWaiting,
    prepareCollectionWeek,
    recordCollectionWeek,
    finishCollection,
    cancelCollectionWeeks,
  } = proxyActivities<Activities>(bookkeepingOptions(input.bookkeepingRetryMaxSeconds));
  const lagMs = input.dataLagSeconds * 1000;
  const weeks = new Map<string, WeekState>();
  const inFlight = new Map<string, CancellationScope>();
  let paused = input.paused ?? false;
  let cancelRequested = false;
  let reload = true;
  let changed = false;
  let finishedThisRun = 0;
  let reportedPaused: boolean | undefined;

  setHandler(pauseSignal, () => void ((paused = true), (changed = true)));
  setHandler(resumeSignal, () => void ((paused = false), (changed = true)));
  setHandler(cancelSignal, () => void (cancelRequested = true));
  setHandler(retryFailedSignal, () => void (reload = true));
  setHandler(rerunStaleSignal, () => void (reload = true));
  setHandler(progressQuery, () => progressOf([...weeks.values()], [...inFlight.keys()], paused));

  /** One week: its execution (new or resumed) as a child workflow, then its outcome in the ledger. */
  async function runWeek(week: WeekState): Promise<void> {
    const ref = { collectionId, weekStart: week.weekStart };
    const { executionId, run } = await prepareCollectionWeek(ref);
    if (executionId && run) {
      try {
        await executeChild(amcExecutionWorkflow, {
          workflowId: collectionWeekWorkflowId(workflowInfo().workflowId, week.weekStart),
          args: [
            {
              executionId,
              pollInitialSeconds: input.pollInitialSeconds,
              pollMaxSeconds: input.pollMaxSeconds,
              bookkeepingRetryMaxSeconds: input.bookkeepingRetryMaxSeconds,
            },
          ],
          cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
          ...START_POLICIES.collectionWeek,
          // The collection's own (user, instance, saved query, collection, backfill): filterable per week too.
          typedSearchAttributes: ownSearchAttributes(workflowInfo().typedSearchAttributes),
        });
      } catch {
        // Failed or cancelled: the execution row says which, and recordCollectionWeek reads it.
      }
    }
    const outcome = executionId
      ? await CancellationScope.nonCancellable(() =>
          recordCollectionWeek({ ...ref, executionId, retryBackoffSeconds: input.retryBackoffSeconds }),
        )
      : { ...week, status: 'FAILED' as const };
    weeks.set(week.weekStart, outcome);
  }

  function launch(week: WeekState): void {
    const scope = new CancellationScope();
    inFlight.set(week.weekStart, scope);
    weeks.set(week.weekStart, { ...week, status: 'RUNNING' });
    scope
      .run(() => runWeek(week))
      .catch((err) => {
        // The ledger could not be written (Postgres down for minutes): try this week again later.
        if (!isCancellation(err))
          weeks.set(week.weekStart, { ...week, status: 'WAITING', nextAttemptAt: Date.now() + 60_000 });
      })
      .finally(() => {
        inFlight.delete(week.weekStart);
        if (isFinishedWeekStatus(weeks.get(week.weekStart)!.status)) finishedThisRun += 1;
        changed = true;
      });
  }

  for (;;) {
    if (reload) {
      reload = false;
      // Weeks in flight keep their in-memory state: their own outcome will be recorded when they finish.
      for (const w of await loadCollectionWeeks({ collectionId }))
        if (!inFlight.has(w.weekStart)) weeks.set(w.weekStart, w);
    }
    if (cancelRequested) {
      for (const scope of inFlight.values()) scope.cancel();
      await condition(() => inFlight.size === 0);
      const cancelled = await cancelCollectionWeeks({ collectionId });
      showStatus('CANCELLED');
      if (cancelled.done) await emitWebhookEvent({ kind: 'collection', collectionId, ...cancelled });
      return { status: 'CANCELLED' };
    }
    if (reportedPaused !== paused) {
      await setCollectionStatus({ collectionId, status: paused ? 'PAUSED' : 'RUNNING' });
      reportedPaused = paused;
    }
    const draining = finishedThisRun >= input.continueAsNewAfterWeeks || workflowInfo().continueAsNewSuggested;
    const now = Date.now();
    const open = [...weeks.values()].filter((w) => !isFinishedWeekStatus(w.status) && !inFlight.has(w.weekStart));
    if (!paused && !draining && !reload) {
      for (const week of open) {
        if (inFlight.size >= input.concurrency) break;
        if (readyAt(week, lagMs) <= now) launch(week);
      }
    }
    const lagging = open.filter((w) => w.status === 'PENDING' && readyAt(w, lagMs) > now);
    if (lagging.length > 0) {
      const waiting = lagging.map((w) => ({ weekStart: w.weekStart, readyAt: readyAt(w, lagMs) }));
      await markWeeksWaiting({ collectionId, weeks: waiting });
      for (const w of lagging) weeks.set(w.weekStart, { ...w, status: 'WAITING' });
    }
    if (inFlight.size === 0 && !reload && !cancelRequested) {
      if (open.length === 0) {
        const finished = await finishCollection({ collectionId });
        if (!finished.done) {
          reload = true; // the API reopened weeks before the final check
          continue;
        }
        const { status, completion, completedAt } = finished;
        showStatus(status);
        await emitWebhookEvent({ kind: 'collection', collectionId, status, completion, completedAt });
        // A retry-failed / rerun-stale that arrived while this completion was recorded and announced (the flag is
        // read after the last await, so no signal is lost): run the weeks it reopened instead of returning.
        if (reload) {
          showStatus('RUNNING');
          continue;
        }
        // Operators see a collection whose every week failed as Failed in the Temporal UI, not Completed.
        if (status === 'FAILED') {
          throw ApplicationFailure.create({
            message: 'every week failed',
            type: 'COLLECTION_FAILED',
            nonRetryable: true,
          });
        }
        return { status };
      }
      if (draining) await continueAsNew<typeof dataCollectionWorkflow>({ ...input, paused });
    }
    const waits = open
      .filter((w) => !inFlight.has(w.weekStart))
      .map((w) => readyAt(w, lagMs))
      .filter((t) => t > now);
    const wakeAt = paused || waits.length === 0 ? undefined : Math.min(...waits);
    changed = false;
    const woken = () => changed || reload || cancelRequested;
    if (wakeAt === undefined) await condition(woken);
    else await condition(woken, Math.max(1, wakeAt - now));
  }
}
