/**
 * Failure type names shared by activities (which throw them), workflows (which branch on them and list the
 * non-retryable ones) and the API (which shows them as error codes). Spelled only here.
 */
export const FAILURE_TYPES = {
  /** AMC refused the SQL at compile time; details carry { line, column }. Never retried. */
  sqlCompile: 'AMC_SQL_COMPILE_ERROR',
  /** AMC answered 400/403/404 to a request: retrying the same request cannot help. */
  amcRequestRejected: 'AMC_REQUEST_REJECTED',
  /** The execution reached FAILED or REJECTED at AMC. */
  amcExecutionFailed: 'AMC_EXECUTION_FAILED',
  /**
   * The simulator's offline sandbox could not run valid AMC SQL (its statusReason starts `SANDBOX_UNSUPPORTED:`,
   * ../shared/API.md): the row records this code instead of AMC_EXECUTION_FAILED so nobody blames the SQL.
   */
  sandboxUnsupported: 'SANDBOX_UNSUPPORTED',
  /** The execution was cancelled at AMC by someone else. */
  amcExecutionCancelled: 'AMC_EXECUTION_CANCELLED',
  /** The Amazon refresh token is invalid or consent was revoked: the user must sign in with Amazon again. */
  amazonConsentRequired: 'AMAZON_CONSENT_REQUIRED',
  /** Polling: the AMC execution is not finished yet. A benign failure that the retry policy turns into a poll. */
  amcNotFinished: 'AMC_EXECUTION_NOT_FINISHED',
  /**
   * The AMC instance's circuit breaker is open (amazon/circuit-breaker.ts): no call was made. Retryable, with
   * nextRetryDelay set to when the half-open probe is due.
   */
  amcCircuitOpen: 'AMC_CIRCUIT_OPEN',
  /** AMC throttled the call (429); retried after its Retry-After. */
  amcThrottled: 'AMC_THROTTLED',
  /** A webhook's URL may not be reached (services/webhook-target.ts), e.g. its name now resolves internally. */
  webhookUrlNotAllowed: 'WEBHOOK_URL_NOT_ALLOWED',
  /** The row a workflow works on was deleted under it (its saved query or instance was deleted): stop, no retry. */
  recordDeleted: 'RecordDeletedError',
} as const;

export type FailureType = (typeof FAILURE_TYPES)[keyof typeof FAILURE_TYPES];

/** Failures that must stop the workflow at once rather than retry. */
export const NON_RETRYABLE_FAILURES: FailureType[] = [
  FAILURE_TYPES.sqlCompile,
  FAILURE_TYPES.amcRequestRejected,
  FAILURE_TYPES.amcExecutionFailed,
  FAILURE_TYPES.amcExecutionCancelled,
  FAILURE_TYPES.amazonConsentRequired,
  FAILURE_TYPES.recordDeleted,
];

/** What the execution row records about a failure; also carried as ApplicationFailure details. */
export interface FailureInfo {
  code: string;
  message: string;
  line?: number;
  column?: number;
}
