/**
 * The one place a new execution row is put together and recorded, for every kind of run (manual, scheduled,
 * backfill): the ids derived from the row id (AMC's ad-hoc workflowId, the Temporal workflow id) are filled here,
 * so the callers (services/start-execution.ts, services/create-scheduled-execution.ts,
 * activities/data-collections.ts and the test fixture) cannot drift apart.
 */
import type { ExecutionsDb } from '../db/executions';
import type { AmcParameters, ExecutionRow, NewExecutionRow, RunKind } from '../db/tables';
import type { ExecutionRequest } from '../lib/request-fingerprint';
import type { ExecutionWarning } from '../lib/time-window';
import { amcWorkflowIdFor, executionWorkflowId } from '../workflows/ids';

export interface NewExecutionInput {
  id: string;
  /** The saved query's (or collection's) owner columns. */
  savedQuery: { saved_query_id: string; user_id: string; instance_id: string };
  window: { start: Date; end: Date };
  rendered: { sql: string; values: Record<string, unknown>; amcParameters?: AmcParameters | undefined };
  runKind: RunKind;
  idempotencyKey: string | null;
  /** The canonical request the key is bound to (lib/request-fingerprint.ts); manual runs only. */
  request?: ExecutionRequest;
  /** Default `amc-execution/<id>`; collection weeks run under their collection's id. */
  temporalWorkflowId?: string;
  /** A scheduled run's schedule, scheduled time and the zone its window's local times are in. */
  schedule?: { scheduleId: string; scheduledAt: Date; timeZone: string };
  /** Remarks on the run (lib/time-window.ts checkExecutionWindow). */
  warnings?: ExecutionWarning[];
}

export function newExecutionRow(input: NewExecutionInput): NewExecutionRow & { run_kind: RunKind } {
  return {
    id: input.id,
    saved_query_id: input.savedQuery.saved_query_id,
    user_id: input.savedQuery.user_id,
    instance_id: input.savedQuery.instance_id,
    status: 'PENDING',
    amc_workflow_id: amcWorkflowIdFor(input.id),
    time_window_start: input.window.start,
    time_window_end: input.window.end,
    parameters: input.rendered.values,
    sql_query: input.rendered.sql,
    ...(input.rendered.amcParameters && { amc_parameters: input.rendered.amcParameters }),
    idempotency_key: input.idempotencyKey,
    ...(input.request && input.idempotencyKey && { idempotency_request: { ...input.request } }),
    temporal_workflow_id: input.temporalWorkflowId ?? executionWorkflowId(input.id),
    run_kind: input.runKind,
    ...(input.warnings && input.warnings.length > 0 && { warnings: input.warnings }),
    ...(input.schedule && {
      time_window_time_zone: input.schedule.timeZone,
      schedule_id: input.schedule.scheduleId,
      scheduled_at: input.schedule.scheduledAt,
    }),
  };
}

/** Inserts the row, or returns the one its idempotency key already names (`created: false`). */
export function recordExecution(
  deps: { executions: Pick<ExecutionsDb, 'insertIdempotent'> },
  input: NewExecutionInput,
): Promise<{ execution: ExecutionRow; created: boolean }> {
  return deps.executions.insertIdempotent(newExecutionRow(input));
}
