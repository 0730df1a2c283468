/**
 * Start an execution (POST /api/workflows/:id/execute): render the saved query, record the execution row and
 * start its Temporal workflow. An idempotencyKey maps to exactly one row and one workflow id, so repeating the
 * request (even after a crash between the two steps) starts nothing new.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { SavedQueryForRun } from '../db/saved-queries';
import type { ExecutionRow, RunKind, SavedQueryRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { UNTIMED, type StageTimer } from '../lib/stage-timer';
import { checkExecutionWindow, defaultWindow } from '../lib/time-window';
import { savedQuerySearchAttributes, withSearchAttributes } from '../temporal/search-attributes';
import { startWorkflow } from '../temporal/workflow-client';
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
        warnings: check.warnings,
      }),
      savedQuerySearchAttributes(deps, savedQuery, { runKind }),
    ]),
  );
  try {
    await timer.time('temporal', () =>
      withSearchAttributes(deps.temporal, () =>
        startWorkflow(deps.temporal, 'amcExecutionWorkflow', {
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
            },
          ],
          memo: { savedQueryId: savedQuery.id, savedQueryName: savedQuery.name, instanceId: savedQuery.instance_id },
          typedSearchAttributes,
        }),
      ),
    );
  } catch (err) {
    // A repeated idempotent request whose workflow is already running (or done) is the expected case.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { execution, created };
}
