/** Activities of the AMC execution workflow. Each takes an execution id and reads everything else from Postgres. */
import { Readable } from 'node:stream';
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

export interface AmcExecutionActivitiesDeps {
  amc: AmcClient;
  withAmc: WithAmc;
  executions: ExecutionsDb;
  executionResults: ExecutionResultsDb;
  runDurations: AmcRunDurationsDb;
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

    /**
     * Streams the result CSV(s) into Postgres (replacing any partial earlier attempt) and marks SUCCEEDED.
     *
     * Hand-over: it heartbeats `{ rows, attempt }` (at the start, every 50,000 rows and every few seconds, so a
     * slow download never looks dead). When it is cancelled (its worker shutting down past the grace time, or the
     * run cancelled) it stops the download and rolls the copy back at once, so the attempt fails now and Temporal
     * retries it on another worker right away instead of after the heartbeat timeout. The next attempt finds the
     * last heartbeat details and says so in the row's history; it reads the files from the start, because the
     * rows are replaced in one transaction (no half-stored result is ever visible).
     */
    async storeAmcResults({ executionId }: ExecutionRef): Promise<{ rowCount: number }> {
      const context = Context.current();
      const handedOver = context.info.heartbeatDetails as DownloadProgress | undefined;
      const progress: DownloadProgress = { rows: 0, attempt: context.info.attempt };
      context.heartbeat(progress);
      const ticker = setInterval(() => context.heartbeat(progress), 5000);
      try {
        const row = await executions.get(executionId);
        const amcId = row.amc_execution_id!;
        const { urls, columnTypes } = await withAmc(target(row), async (ctx) => {
          const [execution, download] = await Promise.all([
            amc.getExecution(ctx, amcId),
            amc.getDownloadUrls(ctx, amcId),
          ]);
          const types = Object.fromEntries((execution.outputColumns ?? []).map((c) => [c.name, String(c.dataType)]));
          return { urls: download.downloadUrls, columnTypes: types };
        });
        const csv = Readable.from(concatCsvFiles(urls, amc, context.cancellationSignal));
        const { rowCount, columns } = await deps.executionResults.replaceFromCsv(
          executionId,
          csv,
          columnTypes,
          (n) => {
            progress.rows = n;
            context.heartbeat(progress);
          },
          context.cancellationSignal,
        );
        const takeover = handedOver
          ? ` (attempt ${progress.attempt} took over from attempt ${handedOver.attempt}, stopped after ${handedOver.rows} rows)`
          : '';
        await executions.transition(
          executionId,
          { status: 'SUCCEEDED', row_count: rowCount, result_columns: columns, completed_at: new Date() },
          `stored ${rowCount} rows${takeover}`,
        );
        return { rowCount };
      } finally {
        clearInterval(ticker);
      }
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

/** The files of a split result as one CSV: later files' header rows are skipped. */
async function* concatCsvFiles(
  urls: string[],
  amc: Pick<AmcClient, 'openDownload'>,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  for (const [i, url] of urls.entries()) {
    let skipping = i > 0;
    for await (const chunk of await amc.openDownload(url, signal)) {
      let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      if (skipping) {
        const nl = buf.indexOf(0x0a);
        if (nl === -1) continue;
        buf = buf.subarray(nl + 1);
        skipping = false;
      }
      yield buf;
    }
  }
}
