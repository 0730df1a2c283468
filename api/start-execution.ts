/**
 * The use case behind POST /api/workflows/:id/execute: render the saved query, record the execution row and
 * start its Temporal workflow. An idempotencyKey maps to exactly one row and one workflow id, so repeating the
 * request (even after a crash between the two steps) starts nothing new.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { ExecutionRow, RunKind, SavedQueryRow } from '../db/tables';
import { ParameterError, renderSql } from '../lib/sql-parameters';
import { newExecutionRow } from '../lib/new-execution-row';
import { defaultWindow } from '../lib/time-window';
import { amcExecutionWorkflow } from '../workflows';
import type { ApiDeps } from './deps';
import { savedQuerySearchAttributes, withSearchAttributes } from './search-attributes';
import { AppError } from './errors';
import type { ExecuteBody } from './schemas/saved-queries';

export function parameterErrorToApi(err: unknown): unknown {
  if (!(err instanceof ParameterError)) return err;
  return new AppError(400, err.code, err.message, { parameter: err.parameter });
}

export async function startExecution(
  deps: Pick<ApiDeps, 'repos' | 'temporal' | 'settings'>,
  savedQuery: SavedQueryRow,
  body: ExecuteBody,
  /** runKind orders the execution's wait at the AMC quota gate (manual > scheduled > backfill); default manual. */
  options: { runKind?: RunKind } = {},
): Promise<{ execution: ExecutionRow; created: boolean }> {
  let rendered;
  try {
    rendered = renderSql(savedQuery.sql_query, savedQuery.parameters, body.parameters);
  } catch (err) {
    throw parameterErrorToApi(err);
  }
  const window =
    body.timeWindowStart && body.timeWindowEnd
      ? { start: body.timeWindowStart, end: body.timeWindowEnd }
      : defaultWindow(new Date(), deps.settings.defaultLookbackDays, deps.settings.defaultLagDays);
  const id = randomUUID();
  const runKind = options.runKind ?? 'manual';
  // The row and the search attributes' lookups are independent: one round trip of latency, not two.
  const [{ execution, created }, typedSearchAttributes] = await Promise.all([
    deps.repos.executions.insertIdempotent(
      newExecutionRow({
        id,
        savedQuery: { workflow_id: savedQuery.id, user_id: savedQuery.user_id, instance_id: savedQuery.instance_id },
        window,
        rendered,
        runKind,
        idempotencyKey: body.idempotencyKey ?? null,
      }),
    ),
    savedQuerySearchAttributes(deps, savedQuery, { runKind }),
  ]);
  try {
    await withSearchAttributes(deps.temporal, () =>
      deps.temporal.workflow.start(amcExecutionWorkflow, {
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
    );
  } catch (err) {
    // A repeated idempotent request whose workflow is already running (or done) is the expected case.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { execution, created };
}
