/**
 * Cancel an execution (POST /api/executions/:id/cancel): asks its workflow to cancel, which cancels the AMC
 * execution and marks the row CANCELLED (workflows/amc-execution.ts). A finished execution cannot be cancelled.
 */
import type { Client } from '@temporalio/client';
import type { ExecutionRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { isTerminalExecutionStatus } from '../lib/execution-statuses';

export async function cancelExecution(deps: { temporal: Pick<Client, 'workflow'> }, row: ExecutionRow): Promise<void> {
  if (isTerminalExecutionStatus(row.status)) {
    throw new AppError(409, 'EXECUTION_FINISHED', `execution is already ${row.status}`);
  }
  await deps.temporal.workflow.getHandle(row.temporal_workflow_id).cancel();
}
