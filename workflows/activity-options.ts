/** Named timeout and retry presets: the only place they are defined. */
import type { ActivityOptions } from '@temporalio/workflow';
import { FAILURE_TYPES, NON_RETRYABLE_FAILURES } from './failures';

/**
 * A retry back-off range Temporal accepts: the maximum interval may not be below the initial one (Temporal fails
 * the workflow task otherwise), so a cap smaller than the first interval lowers the first interval to the cap.
 */
export function backOffRange(initialSeconds: number, maxSeconds: number): { initial: string; maximum: string } {
  return { initial: `${Math.min(initialSeconds, maxSeconds)} seconds`, maximum: `${maxSeconds} seconds` };
}

/** One AMC or database call: short, retried with jittered exponential back-off (Temporal adds the jitter). */
export const amcCallOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
};

/**
 * Creating the AMC execution: like amcCallOptions, but bounded by time instead of attempts, so an AMC outage or an
 * open circuit breaker (each wait is an attempt) delays the run instead of failing it. Non-retryable failures
 * (bad SQL, 400/403, revoked consent) still stop it at once.
 */
export const amcSubmitOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '6 hours',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
};

/**
 * Bookkeeping in Postgres (a collection's ledger, cleanup after failure or cancellation, quota tickets, webhook
 * deliveries): it must get through, so attempts are unbounded and only the interval is capped (default 30 s). A
 * Postgres outage of any length delays it; it never fails the workflow. What a retry cannot fix (a row deleted
 * under the workflow, RecordDeletedError) is non-retryable. `maxIntervalSeconds` is an input so tests run in seconds.
 */
export function bookkeepingOptions(maxIntervalSeconds = 30): ActivityOptions {
  const interval = backOffRange(1, maxIntervalSeconds);
  return {
    startToCloseTimeout: '1 minute',
    retry: {
      initialInterval: interval.initial,
      backoffCoefficient: 2,
      maximumInterval: interval.maximum,
      nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
    },
  };
}

/** Downloading and storing results: long, so it heartbeats and a dead worker is noticed within a minute. */
export const resultDownloadOptions: ActivityOptions = {
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  // Bounded by time, not attempts: AMC has the rows, so an outage during the download must not lose them.
  scheduleToCloseTimeout: '12 hours',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
};

/** Cancelling at AMC: retryable AMC errors are retried this many attempts, then the row is CANCELLED anyway. */
export const CANCEL_AT_AMC_ATTEMPTS = 8;

/**
 * A preset with a shorter per-attempt timeout: heartbeat timeout for heartbeating presets, else start-to-close.
 * How soon a dead worker's activity is retried elsewhere; an input so crash tests finish in seconds.
 */
export function withAttemptTimeout(options: ActivityOptions, seconds: number | undefined): ActivityOptions {
  if (seconds === undefined) return options;
  return options.heartbeatTimeout
    ? { ...options, heartbeatTimeout: `${seconds} seconds` }
    : { ...options, startToCloseTimeout: `${seconds} seconds` };
}

/**
 * Retry-as-poll: an activity answers "not yet" with a benign retryable failure and its retry policy is the loop
 * (see amc-execution.ts for why). Unlimited attempts, bounded by scheduleToCloseTimeout.
 */
function retryAsPollOptions(o: {
  initialSeconds: number;
  maxSeconds: number;
  backoffCoefficient: number;
  scheduleToCloseTimeout: NonNullable<ActivityOptions['scheduleToCloseTimeout']>;
}): ActivityOptions {
  const interval = backOffRange(o.initialSeconds, o.maxSeconds);
  return {
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: o.scheduleToCloseTimeout,
    retry: {
      initialInterval: interval.initial,
      backoffCoefficient: o.backoffCoefficient,
      maximumInterval: interval.maximum,
      nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
    },
  };
}

/**
 * Polling AMC is an activity whose "not finished yet" failure is retried on a back-off (see amc-execution.ts for
 * why). Intervals are inputs so tests finish in seconds. AMC's own execution timeout is 6 h and queued runs
 * expire after 24 h, so 26 h bounds the whole wait.
 */
export function amcPollOptions(initialSeconds: number, maxSeconds: number): ActivityOptions {
  // 1.3: a run is seen finished at most ~30% of its age late (≤ maxSeconds once capped); 1.5 saved ~1 call
  // per run but let a 60 s run finish ~10% later in the backfill bench (bench/scenarios/backfill.ts).
  return retryAsPollOptions({
    initialSeconds,
    maxSeconds,
    backoffCoefficient: 1.3,
    scheduleToCloseTimeout: '26 hours',
  });
}

/**
 * One planned status check (lib/poll-plan.ts): the same activity as polling, but "not finished yet" ends the
 * attempt at once, because the workflow's plan schedules the next check on a durable timer. AMC's transient
 * errors (and an open circuit) retry like any AMC call, bounded like polling.
 */
export const amcCheckOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '26 hours',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES, FAILURE_TYPES.amcNotFinished],
  },
};

/**
 * The dense part of a poll plan (lib/poll-plan.ts): one status check every `intervalMs`, `checks` times, as the
 * retries of one activity (a fixed interval: coefficient 1), so Temporal schedules them without a workflow task or
 * a history event each. A transient AMC error takes one of those checks; the last "not finished yet" ends it.
 */
export function amcDenseCheckOptions(intervalMs: number, checks: number): ActivityOptions {
  return {
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: '26 hours',
    retry: {
      initialInterval: intervalMs,
      backoffCoefficient: 1,
      maximumInterval: intervalMs,
      maximumAttempts: checks,
      nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
    },
  };
}

/**
 * One webhook delivery attempt (activities/webhooks.ts deliverWebhook): exponential back-off, bounded attempts;
 * after the last one the delivery is marked FAILED and can be replayed through the API.
 */
export function webhookDeliveryOptions(plan: {
  maxAttempts: number;
  initialIntervalSeconds: number;
  maxIntervalSeconds: number;
}): ActivityOptions {
  return {
    startToCloseTimeout: '1 minute',
    retry: {
      initialInterval: `${plan.initialIntervalSeconds} seconds`,
      backoffCoefficient: 2,
      maximumInterval: `${plan.maxIntervalSeconds} seconds`,
      maximumAttempts: plan.maxAttempts,
    },
  };
}

/**
 * One user's background token refresh (or pause/resume): a few quick retries; the next sweep of the schedule
 * tries again anyway, and failures are recorded on the user row.
 */
export const tokenRefreshOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
};
