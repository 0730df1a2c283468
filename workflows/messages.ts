/**
 * What crosses the line between clients and workflows: each workflow's type name and input (its start message),
 * results, and the signals and queries. Services start and signal workflows through this module only: workflow
 * code imports the activities' types, which import the services, so a service importing a workflow file would
 * close an import circle (services → workflows → activities → services).
 *
 * A leaf: it imports nothing but `defineSignal`/`defineQuery`, which work in and outside the workflow sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

// Types: inputs and results

export interface AmcExecutionWorkflowInput {
  /** Our execution row's id; everything else is read from Postgres by the activities. */
  executionId: string;
  /** First poll interval; grows 1.3x per poll up to pollMaxSeconds. */
  pollInitialSeconds?: number;
  pollMaxSeconds?: number;
  /**
   * A waiter for a quota slot is woken by the quotaGranted signal; it re-checks on its own only this often (in
   * case a signal was lost). Default 240 (below AMC_QUOTA_STALE_WAITER_SECONDS, 600).
   */
  quotaRecheckSeconds?: number;
  /** Longest interval between two retries of its bookkeeping (cleanup) activities; attempts are unbounded. */
  bookkeepingRetryMaxSeconds?: number;
  /** Per-attempt timeout (heartbeat timeout for the download): how soon a dead worker's activity moves on. */
  attemptTimeoutSeconds?: number;
}

export interface AmcExecutionWorkflowResult {
  executionId: string;
  status: 'SUCCEEDED';
  rowCount: number;
}

export interface DataCollectionWorkflowInput {
  collectionId: string;
  /** Weeks in flight at once. */
  concurrency: number;
  /** A week runs once its end is this far in the past (AMC's data SLA). */
  dataLagSeconds: number;
  retryBackoffSeconds: number;
  continueAsNewAfterWeeks: number;
  /** Poll intervals of the weeks' executions. */
  pollInitialSeconds?: number;
  pollMaxSeconds?: number;
  /** Carried across continue-as-new. */
  paused?: boolean;
  /** Longest interval between two retries of its ledger bookkeeping (attempts are unbounded); default 30. */
  bookkeepingRetryMaxSeconds?: number;
}

export interface CollectionProgress {
  totalWeeks: number;
  /** Finished weeks only (SUCCEEDED, STALE, FAILED, CANCELLED): a submitted week is not done. */
  finishedWeeks: number;
  /** Share of weeks SUCCEEDED (lib/collection-statuses.ts collectionShares). */
  progress: number;
  /** Share of weeks finished. */
  finished: number;
  counts: Record<string, number>;
  inFlight: string[];
  paused: boolean;
}

export interface ScheduledRunWorkflowInput {
  /** Our schedules row; everything else is read from Postgres by the activity. */
  scheduleId: string;
  pollInitialSeconds?: number;
  pollMaxSeconds?: number;
}

export interface ScheduledRunWorkflowResult {
  scheduledAt: string;
  executionId: string | null;
  /** Why no execution ran (schedule deleted, parameters no longer valid, already run for this time). */
  skipped?: string;
}

export interface WebhookDeliveryWorkflowInput {
  deliveryId: string;
  maxAttempts: number;
  initialIntervalSeconds: number;
  maxIntervalSeconds: number;
}

export interface TokenRefreshWorkflowInput {
  /** Refresh tokens expiring within this many seconds (AMAZON_TOKEN_REFRESH_BUFFER_SECONDS). */
  bufferSeconds: number;
  /** Users refreshed at once. */
  parallelism: number;
}

export interface TokenRefreshWorkflowResult {
  refreshed: number;
  consentRequired: number;
  failed: number;
  paused: number;
  resumed: number;
}

/** Workflow type name → its input. workflows/index.ts checks at compile time that each is exported with it. */
export interface ReconcilerWorkflowInput {
  /** Rows unchanged for less than this are left alone (RECONCILER_QUIET_SECONDS). */
  quietSeconds: number;
  /** Most rows of each kind per run. */
  batch: number;
  /** The Schedule's interval: one run's retries stop before the next fire. */
  intervalSeconds: number;
  /** Only this user's rows (tests share one Postgres). */
  userId?: string;
}

export interface WorkflowInputs {
  amcExecutionWorkflow: AmcExecutionWorkflowInput;
  dataCollectionWorkflow: DataCollectionWorkflowInput;
  scheduledRunWorkflow: ScheduledRunWorkflowInput;
  webhookDeliveryWorkflow: WebhookDeliveryWorkflowInput;
  tokenRefreshWorkflow: TokenRefreshWorkflowInput;
  reconcilerWorkflow: ReconcilerWorkflowInput;
}
export type WorkflowType = keyof WorkflowInputs;

// Signals and queries (dataCollectionWorkflow)

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Cancels the weeks in flight (and their AMC executions) and every week not run yet. */
export const cancelSignal = defineSignal('cancel');
/** The API has reopened FAILED weeks in the ledger: reload it and run them. */
export const retryFailedSignal = defineSignal('retryFailed');
/** The API has reopened STALE weeks in the ledger: reload it and run them with the current SQL. */
export const rerunStaleSignal = defineSignal('rerunStale');
export const progressQuery = defineQuery<CollectionProgress>('progress');

// Signals (amcExecutionWorkflow)

/** The AMC quota gate has given this execution its slot (sent by whoever freed or handed it out). */
export const quotaGrantedSignal = defineSignal('quotaGranted');
