/** Activities of the AMC execution workflow. Each takes an execution id and reads everything else from Postgres. */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import { isRetryable, isTerminalAmcStatus, type AmcClient } from '../amc/client';
import type { AmcRunDurationsDb } from '../db/amc-run-durations';
import type { ExecutionResultsDb } from '../db/execution-results';
import type { ExecutionsDb } from '../db/executions';
import type { ExecutionRow } from '../db/tables';
import type { ExecutionStatus } from '../lib/execution-statuses';
import { estimateRunDuration, type RunDurationEstimate } from '../lib/poll-plan';
import { toAmcTime } from '../lib/time-window';
import { CANCEL_AT_AMC_ATTEMPTS } from '../workflows/activity-options';
import { FAILURE_TYPES, type FailureInfo } from '../workflows/failures';
import type { WithAmc } from './amc-session';
import { createResultDownloader, DEFAULT_RESULT_DOWNLOADS, type ResultDownloadSettings } from './result-download';

export interface AmcExecutionActivitiesDeps {
  amc: AmcClient;
  withAmc: WithAmc;
  executions: ExecutionsDb;
  executionResults: ExecutionResultsDb;
  runDurations: AmcRunDurationsDb;
  /** Result downloads (concurrency cap); defaults when omitted. */
  downloads?: ResultDownloadSettings;
  /** Each poll renews the execution's quota lease (db/amc-quota.ts renewLease): it still holds its slot. */
  renewQuotaLease?: (executionId: string) => Promise<void>;
}

export interface ExecutionRef {
  executionId: string;
}

export interface SubmitOutcome {
  amcExecutionId: string;
  /** When AMC accepted the run (our clock, ms since the epoch; the row's started_at): the poll plan counts from here. */
  submittedAtMs: number;
  /** From the query's (or else its instance's) past runs; absent for a query with no history. */
  estimate?: RunDurationEstimate;
}

/** The heartbeat details of a result download: what the next attempt learns about this one. */
export interface DownloadProgress {
  rows: number;
  attempt: number;
}

export interface PollOutcome {
  amcStatus: string;
  statusReason?: string;
  line?: number;
  column?: number;
}

/** AMC's statuses in our vocabulary (REJECTED is a failure; PUBLISHING and unknown ones are still running). */
function toExecutionStatus(amcStatus: string): ExecutionStatus {
  switch (amcStatus) {
    case 'PENDING':
      return 'PENDING';
    // SUCCEEDED only once the rows are stored, FAILED only once the workflow has recorded why
    // (recordExecutionFailure): a reader never sees a finished row without its rows or its error.
    case 'SUCCEEDED':
    case 'FAILED':
    case 'REJECTED':
    case 'DELETED':
      return 'RUNNING';
    case 'CANCELLED':
      return 'CANCELLED';
    default:
      return 'RUNNING';
  }
}

/** "From line 3, column 8 …" in AMC's error texts. */
export function lineAndColumn(text: string | undefined): { line?: number; column?: number } {
  const m = /line (\d+), column (\d+)/i.exec(text ?? '');
  return m ? { line: Number(m[1]), column: Number(m[2]) } : {};
}

const target = (row: ExecutionRow) => ({ userId: row.user_id, instanceUuid: row.instance_id });

/** An AMC timestamp (`2025-07-20T14:02:11Z`) in ms, or undefined. */
function amcTimeMs(value: string | undefined): number | undefined {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

export function createAmcExecutionActivities(deps: AmcExecutionActivitiesDeps) {
  const { amc, withAmc, executions } = deps;
  const storeResults = createResultDownloader({ ...deps, settings: deps.downloads ?? DEFAULT_RESULT_DOWNLOADS });

  return {
    /**
     * Creates the AMC execution, exactly once: a row that already has an AMC id is resumed, and an execution AMC
     * accepted but whose response was lost is found by its deterministic workflowId and adopted.
     */
    async submitAmcExecution({ executionId }: ExecutionRef): Promise<SubmitOutcome> {
      const row = await executions.get(executionId);
      const estimate = estimateRunDuration(await deps.runDurations.history(row.saved_query_id, row.instance_id));
      const withEstimate = (outcome: Omit<SubmitOutcome, 'estimate'>): SubmitOutcome =>
        estimate ? { ...outcome, estimate } : outcome;
      if (row.amc_execution_id) {
        const submittedAtMs = (row.started_at ?? row.created_at).getTime();
        return withEstimate({ amcExecutionId: row.amc_execution_id, submittedAtMs });
      }
      const created = await withAmc(target(row), async (ctx) => {
        const existing = await amc.listExecutions(ctx, { workflowId: row.amc_workflow_id, includeCancelled: true });
        if (existing[0]) return { execution: existing[0], detail: 'adopted the AMC execution created earlier' };
        const execution = await amc.createExecution(ctx, {
          workflow: {
            workflowId: row.amc_workflow_id,
            sqlQuery: row.sql_query,
            ...(row.amc_parameters && { inputParameters: row.amc_parameters.inputParameters }),
          },
          ...(row.amc_parameters && { parameterValues: row.amc_parameters.parameterValues }),
          timeWindowType: 'EXPLICIT',
          timeWindowStart: toAmcTime(row.time_window_start, row.time_window_time_zone),
          timeWindowEnd: toAmcTime(row.time_window_end, row.time_window_time_zone),
          timeWindowTimeZone: row.time_window_time_zone,
        });
        return { execution, detail: 'created at AMC' };
      });
      const { execution } = created;
      const submittedAtMs = Date.now(); // our clock, as the workflow's timers (AMC's createTime has whole seconds)
      await executions.transition(
        executionId,
        {
          amc_execution_id: execution.workflowExecutionId,
          amc_status: execution.status,
          status: toExecutionStatus(execution.status),
          started_at: new Date(submittedAtMs),
          ...(estimate && { expected_completion_at: new Date(submittedAtMs + estimate.expectedSeconds * 1000) }),
        },
        created.detail,
      );
      return withEstimate({ amcExecutionId: execution.workflowExecutionId, submittedAtMs });
    },

    /** One status check. Not finished yet → a benign retryable failure; the retry policy is the poll loop. */
    async pollAmcExecution({ executionId }: ExecutionRef): Promise<PollOutcome> {
      const row = await executions.get(executionId);
      await deps.renewQuotaLease?.(executionId);
      const amcExecution = await withAmc(target(row), (ctx) => amc.getExecution(ctx, row.amc_execution_id!));
      await executions.transition(executionId, {
        amc_status: amcExecution.status,
        status: toExecutionStatus(amcExecution.status),
      });
      if (!isTerminalAmcStatus(amcExecution.status)) {
        throw ApplicationFailure.create({
          message: `AMC execution is ${amcExecution.status}`,
          type: FAILURE_TYPES.amcNotFinished,
          category: ApplicationFailureCategory.BENIGN,
        });
      }
      if (amcExecution.status === 'SUCCEEDED') {
        // The run's time at AMC, for the next runs' poll plans. AMC's own timestamps when it gives them (second
        // precision), else what we saw. A retried attempt may record one run twice: harmless for a median and a band.
        const from = amcTimeMs(amcExecution.createTime) ?? row.started_at?.getTime();
        const to = amcTimeMs(amcExecution.lastUpdatedTime) ?? Date.now();
        if (from !== undefined && to > from)
          await deps.runDurations.record(row.saved_query_id, row.instance_id, (to - from) / 1000);
      }
      const outcome: PollOutcome = { amcStatus: amcExecution.status, ...lineAndColumn(amcExecution.statusReason) };
      if (amcExecution.statusReason) outcome.statusReason = amcExecution.statusReason;
      return outcome;
    },

    /** Downloads and stores the result files, resuming from the first one not stored (activities/result-download.ts). */
    async storeAmcResults({ executionId }: ExecutionRef): Promise<{ rowCount: number }> {
      return storeResults(executionId);
    },

    /** Marks the row FAILED with what went wrong (no-op on a row already terminal). */
    async recordExecutionFailure({ executionId, failure }: ExecutionRef & { failure: FailureInfo }): Promise<void> {
      const sandboxGap = failure.message.startsWith(`${FAILURE_TYPES.sandboxUnsupported}:`);
      await executions.transition(
        executionId,
        {
          status: 'FAILED',
          error_code: sandboxGap ? FAILURE_TYPES.sandboxUnsupported : failure.code,
          error_message: failure.message,
          error_line: failure.line ?? null,
          error_column: failure.column ?? null,
          completed_at: new Date(),
        },
        failure.message,
      );
    },

    /** Cancels the AMC execution (if it exists and still runs) and marks the row CANCELLED. */
    async cancelAmcExecution({ executionId }: ExecutionRef): Promise<void> {
      const row = await executions.get(executionId);
      const amcStatus = await withAmc(target(row), async (ctx) => {
        const amcId =
          row.amc_execution_id ??
          (await amc.listExecutions(ctx, { workflowId: row.amc_workflow_id, includeCancelled: true }))[0]
            ?.workflowExecutionId;
        if (!amcId) return undefined;
        const current = await amc.getExecution(ctx, amcId);
        if (isTerminalAmcStatus(current.status)) return current.status;
        await amc.cancelExecution(ctx, amcId);
        return 'CANCELLED';
      }).catch((err: unknown) => {
        // AMC down or its circuit open: retry (the run must really stop at AMC), but only for a while, because
        // the row must say CANCELLED even when AMC cannot be reached.
        const transient = err instanceof ApplicationFailure ? !err.nonRetryable : isRetryable(err);
        if (transient && Context.current().info.attempt < CANCEL_AT_AMC_ATTEMPTS) throw err;
        return undefined;
      });
      await executions.transition(
        executionId,
        { status: 'CANCELLED', amc_status: amcStatus ?? row.amc_status, completed_at: new Date() },
        'cancelled',
      );
    },
  };
}
