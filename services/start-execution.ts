/**
 * Start an execution (POST /api/workflows/:id/execute): render the saved query, record the execution row and
 * start its Temporal workflow. An idempotencyKey maps to exactly one row and one workflow id, forever:
 * - repeated after the run finished, it returns the stored execution and starts nothing (no workflow, no poll, no
 *   download, no event);
 * - repeated while it runs (or after a crash between the row and the start), it joins or starts that one workflow
 *   (START_POLICIES.execution: a closed workflow id is never run again);
 * - repeated with another request (window, parameters), it is a 409 IDEMPOTENCY_KEY_REUSED naming the difference.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { ExecutionRow, RunKind, SavedQueryRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import type { SavedQueryForRun } from '../db/saved-queries';
import { isTerminalExecutionStatus } from '../lib/execution-statuses';
import { executionRequest, requestDifferences, type ExecutionRequest } from '../lib/request-fingerprint';
import { UNTIMED, type StageTimer } from '../lib/stage-timer';
import { checkExecutionWindow, defaultWindow } from '../lib/time-window';
import { savedQuerySearchAttributes, withSearchAttributes } from '../temporal/search-attributes';
import { startWorkflow } from '../temporal/workflow-client';
import { START_POLICIES } from '../workflows/start-policies';
import type { ServiceDeps } from './deps';
import { recordExecution } from './record-execution';
import { renderForRequest } from './render-saved-query';

export interface StartExecutionInput {
  parameters: Record<string, unknown>;
  /** Both or neither; the default window (settings.defaultLookbackDays/defaultLagDays) when neither. */
  timeWindowStart?: Date;
  timeWindowEnd?: Date;
  idempotencyKey?: string;
}

export async function startExecution(
  deps: Pick<ServiceDeps, 'repos' | 'temporal' | 'settings'>,
  /** With its AMC instance id (savedQueries.findForRun), the search attributes need no lookup. */
  savedQuery: SavedQueryRow | SavedQueryForRun,
  input: StartExecutionInput,
  /** runKind orders the execution's wait at the AMC quota gate (manual > scheduled > backfill); default manual. */
  options: { runKind?: RunKind; timer?: StageTimer } = {},
): Promise<{ execution: ExecutionRow; created: boolean }> {
  const rendered = renderForRequest(savedQuery, input.parameters);
  const window =
    input.timeWindowStart && input.timeWindowEnd
      ? { start: input.timeWindowStart, end: input.timeWindowEnd }
      : defaultWindow(new Date(), deps.settings.defaultLookbackDays, deps.settings.defaultLagDays);
  const check = checkExecutionWindow(window, new Date(), deps.settings.collections.dataLagDays);
  if (!check.ok) {
    throw new AppError(400, check.code, check.message, {
      timeWindowEnd: window.end.toISOString(),
      latestAllowedEnd: check.latestAllowedEnd,
    });
  }
  const runKind = options.runKind ?? 'manual';
  const request = executionRequest(input);
  const timer = options.timer ?? UNTIMED;
  // The row and the search attributes' lookup (none for a SavedQueryForRun) are independent: run side by side.
  const [{ execution, created }, typedSearchAttributes] = await timer.time('record', () =>
    Promise.all([
      recordExecution(deps.repos, {
        id: randomUUID(),
        savedQuery: { saved_query_id: savedQuery.id, user_id: savedQuery.user_id, instance_id: savedQuery.instance_id },
        window,
        rendered,
        runKind,
        idempotencyKey: input.idempotencyKey ?? null,
        request,
        warnings: check.warnings,
      }),
      savedQuerySearchAttributes(deps, savedQuery, { runKind }),
    ]),
  );
  if (!created) {
    const first = execution.idempotency_request as ExecutionRequest | null | undefined;
    const differences = first ? requestDifferences(first, request) : [];
    if (differences.length > 0) {
      throw new AppError(
        409,
        'IDEMPOTENCY_KEY_REUSED',
        `idempotencyKey "${input.idempotencyKey}" was first used with a different request: ` +
          differences.map((d) => `${d.field} was ${JSON.stringify(d.first)}, now ${JSON.stringify(d.now)}`).join('; '),
        { idempotencyKey: input.idempotencyKey, executionId: execution.id, differences },
      );
    }
    // The run this key names has finished: return what it stored, start nothing.
    if (isTerminalExecutionStatus(execution.status)) return { execution, created };
  }
  try {
    await timer.time('temporal', () =>
      withSearchAttributes(deps.temporal, () =>
        startWorkflow(
          deps.temporal,
          'amcExecutionWorkflow',
          {
            taskQueue: deps.settings.taskQueue,
            workflowId: execution.temporal_workflow_id,
            args: [
              {
                executionId: execution.id,
                pollInitialSeconds: deps.settings.pollInitialSeconds,
                pollMaxSeconds: deps.settings.pollMaxSeconds,
                ...(deps.settings.attemptTimeoutSeconds !== undefined && {
                  attemptTimeoutSeconds: deps.settings.attemptTimeoutSeconds,
                }),
                ...(deps.settings.bookkeepingRetryMaxSeconds !== undefined && {
                  bookkeepingRetryMaxSeconds: deps.settings.bookkeepingRetryMaxSeconds,
                }),
              },
            ],
            memo: { savedQueryId: savedQuery.id, savedQueryName: savedQuery.name, instanceId: savedQuery.instance_id },
            typedSearchAttributes,
          },
          START_POLICIES.execution,
        ),
      ),
    );
  } catch (err) {
    // REJECT_DUPLICATE: its workflow has closed although the row says otherwise; the reconciler repairs the row.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { execution, created };
}
