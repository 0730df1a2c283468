/**
 * One AMC execution, end to end: create it at AMC, follow it to a terminal status, store its result rows.
 *
 * Why polling is an activity retried on a back-off, not a timer loop or a heartbeating activity:
 * - A heartbeating activity that loops until AMC finishes would hold a worker slot for the whole run (minutes to
 *   hours, and a bench runs 1,000 at once), and its progress lives in the worker's memory.
 * - A workflow loop of `sleep()` + status activity is durable, but writes ~6 history events per poll.
 * - `pollAmcExecution` instead answers "not finished yet" with a benign retryable failure, and the activity's
 *   retry policy (amcPollOptions: back-off 1.3x up to a cap) schedules the next poll inside the server. Retries
 *   add no history events, hold no worker slot between polls, survive worker and server restarts, and each poll
 *   reads a fresh token from Postgres. Status transitions are recorded on the execution row by the activity.
 * - Except when the query has history (issue #18): then submitting returns an estimate of when the run ends, and
 *   the workflow checks on a plan (lib/poll-plan.ts: sparse far from the expected end, dense across the band the
 *   query's runs end in, the back-off after). It sleeps on durable timers between the few sparse checks (~9
 *   history events each); the dense checks are the fixed-interval retries of one activity, so they cost history
 *   and workflow tasks only once. A run makes a quarter of the calls a fixed poller would (npm run bench --
 *   --only=polling).
 *
 * Only ids cross this workflow's history: tokens, SQL and result rows stay in Postgres.
 *
 * The AMC quota gate (db/amc-quota.ts): before creating the AMC execution the workflow takes a slot for its
 * instance and account (`acquireAmcQuotaSlot`); when none is free it waits for the `quotaGranted` signal that the
 * activity freeing or handing out its slot sends (re-checking on its own only every few minutes, in case a signal
 * was lost), and gives the slot back as soon as AMC is done with the execution, on every path: terminal status,
 * failure, cancellation. Its polls renew the slot's lease.
 *
 * Webhooks: a SUCCEEDED, FAILED or CANCELLED run emits execution.succeeded / .failed / .cancelled
 * (workflows/webhook-delivery.ts).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { PollOutcome } from '../activities/amc-executions';
import { denseChecksLeft, nextCheckAt, planPhaseOf, planPolls, type PollPlan } from '../lib/poll-plan';
import {
  amcCheckOptions,
  amcDenseCheckOptions,
  amcPollOptions,
  amcSubmitOptions,
  bookkeepingOptions,
  resultDownloadOptions,
  withAttemptTimeout,
} from './activity-options';
import { FAILURE_TYPES, NON_RETRYABLE_FAILURES, type FailureInfo } from './failures';
import { quotaGrantedSignal, type AmcExecutionWorkflowInput, type AmcExecutionWorkflowResult } from './messages';
import { emitWebhookEvent } from './webhook-delivery';

// Helpers

/**
 * A waiter is woken by the quotaGranted signal; on its own it re-checks only this often, in case a signal was lost
 * (below AMC_QUOTA_STALE_WAITER_SECONDS, 600, so a live waiter is never taken for a gone one).
 */
const QUOTA_RECHECK_SECONDS = 240;

/** The failure to record on the row: the activity's ApplicationFailure when there is one. */
function failureInfoOf(err: unknown): FailureInfo {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const details = (cause.details?.[0] ?? {}) as Partial<FailureInfo>;
    return { ...details, code: cause.type ?? 'EXECUTION_ERROR', message: details.message ?? cause.message };
  }
  return { code: 'EXECUTION_ERROR', message: err instanceof Error ? err.message : String(err) };
}

// Workflow

/**
 * Runs one AMC execution. Guarantees: at most one AMC execution per execution row (the submit activity adopts
 * an execution AMC already has); the row ends SUCCEEDED, FAILED or CANCELLED; cancelling the workflow cancels
 * the AMC execution too.
 */
export async function amcExecutionWorkflow(input: AmcExecutionWorkflowInput): Promise<AmcExecutionWorkflowResult> {
  const { executionId } = input;
  const pollInitial = input.pollInitialSeconds ?? 5;
  const pollMax = input.pollMaxSeconds ?? 60;
  const t = input.attemptTimeoutSeconds;
  const { submitAmcExecution } = proxyActivities<Activities>(withAttemptTimeout(amcSubmitOptions, t));
  const { storeAmcResults } = proxyActivities<Activities>(withAttemptTimeout(resultDownloadOptions, t));
  const { recordExecutionFailure, cancelAmcExecution, releaseAmcQuotaSlot, acquireAmcQuotaSlot } =
    proxyActivities<Activities>(withAttemptTimeout(bookkeepingOptions(input.bookkeepingRetryMaxSeconds), t));
  const { pollAmcExecution } = proxyActivities<Activities>(withAttemptTimeout(amcPollOptions(pollInitial, pollMax), t));
  const { pollAmcExecution: checkAmcExecution } = proxyActivities<Activities>(withAttemptTimeout(amcCheckOptions, t));
  /** Idempotent, and a no-op once released: safe on every terminal path. */
  const releaseSlot = () => releaseAmcQuotaSlot({ executionId });
  let slotGranted = false;
  setHandler(quotaGrantedSignal, () => void (slotGranted = true));
  /** Returns once the execution holds an AMC slot (or needs none). */
  async function takeSlot(): Promise<void> {
    for (;;) {
      const slot = await acquireAmcQuotaSlot({ executionId });
      if (!slot.waiting) return;
      await condition(() => slotGranted, (input.quotaRecheckSeconds ?? QUOTA_RECHECK_SECONDS) * 1000);
      slotGranted = false;
    }
  }
  /** One planned check: the outcome once AMC is done, undefined while it still runs. */
  async function checkOnce(): Promise<PollOutcome | undefined> {
    try {
      return await checkAmcExecution({ executionId });
    } catch (err) {
      const notFinished =
        err instanceof ActivityFailure &&
        err.cause instanceof ApplicationFailure &&
        err.cause.type === FAILURE_TYPES.amcNotFinished;
      if (notFinished) return undefined;
      throw err;
    }
  }

  /** The band's checks, a dense interval apart: the outcome, or undefined when the band passed with AMC still running. */
  async function checkDensely(plan: PollPlan): Promise<PollOutcome | undefined> {
    const checks = denseChecksLeft(plan, Date.now());
    if (checks === 0) return undefined;
    const { pollAmcExecution: checkEachInterval } = proxyActivities<Activities>(
      withAttemptTimeout(amcDenseCheckOptions(plan.denseIntervalMs, checks), t),
    );
    try {
      return await checkEachInterval({ executionId });
    } catch (err) {
      // Its checks ran out (the last said "not finished yet", or AMC erred transiently): the back-off takes over.
      // A verdict that no retry changes (a non-retryable failure) and a cancellation are the workflow's to handle.
      const cause = err instanceof ActivityFailure ? err.cause : undefined;
      const verdict =
        isCancellation(err) ||
        !(err instanceof ActivityFailure) ||
        (cause instanceof ApplicationFailure &&
          (cause.nonRetryable || NON_RETRYABLE_FAILURES.some((type) => type === cause.type)));
      if (verdict) throw err;
      return undefined;
    }
  }

  /** Checks when the plan says (durable timers between sparse checks, retries across the band), then backs off. */
  async function followPlan(plan: PollPlan): Promise<PollOutcome> {
    for (let at = nextCheckAt(plan, Date.now()); at !== undefined && at < plan.denseFromMs;) {
      const wait = at - Date.now();
      if (wait > 0) await sleep(wait);
      const outcome = await checkOnce();
      if (outcome) return outcome;
      at = nextCheckAt(plan, Date.now());
    }
    const untilBand = plan.denseFromMs - Date.now();
    if (untilBand > 0) await sleep(untilBand);
    const outcome = await checkDensely(plan);
    if (outcome) return outcome;
    const { pollAmcExecution: pollAfterPlan } = proxyActivities<Activities>(
      withAttemptTimeout(amcPollOptions(plan.backOffInitialSeconds, pollMax), t),
    );
    return pollAfterPlan({ executionId });
  }
  try {
    await takeSlot();
    const submitted = await submitAmcExecution({ executionId });
    // A query with history is polled around when its runs end (lib/poll-plan.ts); its first run as before.
    const outcome = submitted.estimate
      ? await followPlan(
          planPolls(
            submitted.submittedAtMs,
            submitted.estimate,
            { pollInitialSeconds: pollInitial, pollMaxSeconds: pollMax },
            planPhaseOf(executionId),
          ),
        )
      : await pollAmcExecution({ executionId });
    await releaseSlot(); // AMC no longer runs it: the next execution may start while we download
    if (outcome.amcStatus !== 'SUCCEEDED') {
      const type =
        outcome.amcStatus === 'CANCELLED' ? FAILURE_TYPES.amcExecutionCancelled : FAILURE_TYPES.amcExecutionFailed;
      const info: FailureInfo = { code: type, message: outcome.statusReason ?? `AMC execution ${outcome.amcStatus}` };
      if (outcome.line !== undefined) info.line = outcome.line;
      if (outcome.column !== undefined) info.column = outcome.column;
      throw ApplicationFailure.create({ message: info.message, type, nonRetryable: true, details: [info] });
    }
    const { rowCount } = await storeAmcResults({ executionId });
    await emitWebhookEvent({ kind: 'execution', executionId });
    return { executionId, status: 'SUCCEEDED', rowCount };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        await cancelAmcExecution({ executionId });
        await releaseSlot();
        await emitWebhookEvent({ kind: 'execution', executionId });
      });
      throw err;
    }
    // Anything else is a bug in this code: let it fail the workflow task, which Temporal retries until fixed.
    if (!(err instanceof ActivityFailure || err instanceof ApplicationFailure)) throw err;
    const failure = failureInfoOf(err);
    await recordExecutionFailure({ executionId, failure });
    await releaseSlot();
    await emitWebhookEvent({ kind: 'execution', executionId });
    throw ApplicationFailure.create({
      message: failure.message,
      type: failure.code,
      nonRetryable: true,
      details: [failure],
    });
  }
}
