/** Workflow ids are business ids: one execution row ↔ one workflow id, readable in the Temporal UI. */
export function executionWorkflowId(executionId: string): string {
  return `amc-execution/${executionId}`;
}

/**
 * The workflowId RecomAMP sends inside its ad-hoc AMC workflow. AMC echoes it on the execution, so after a lost
 * create response the execution can be found by listing executions with this workflowId (exactly-once at AMC).
 * AMC allows letters, digits, '.', '-' and '_'.
 */
export function amcWorkflowIdFor(executionId: string): string {
  return `recomamp_${executionId.replace(/-/g, '')}`;
}

/**
 * The workflowId of a saved query synced to AMC as a saved workflow (POST /api/workflows/:id/sync). Derived only
 * here, from our saved query's UUID, and stored in workflows.amc_workflow_id once the sync succeeds.
 */
export function amcSavedWorkflowIdFor(savedQueryId: string): string {
  return `recomamp_wf_${savedQueryId.replace(/-/g, '')}`;
}

/** The Temporal Schedule of RecomAMP schedule `scheduleId`, readable on the Temporal UI's Schedules page. */
export function temporalScheduleId(scheduleId: string): string {
  return `recomamp-schedule/${scheduleId}`;
}

/** The schedule's action workflow id; Temporal appends `-<scheduled time>` to it for each run. */
export function scheduledRunWorkflowIdPrefix(scheduleId: string): string {
  return `scheduled-run/${scheduleId}`;
}

/** A data collection's workflow: one per collection row. */
export function collectionWorkflowId(collectionId: string): string {
  return `data-collection/${collectionId}`;
}

/** One week of a collection, a child of the collection's workflow (`week` is its yyyy-MM-dd start). */
export function collectionWeekWorkflowId(collectionWorkflowId: string, week: string): string {
  return `${collectionWorkflowId}/week-${week}`;
}

/** One webhook delivery (started by the workflow that emitted the event, or by a replay). */
export function webhookDeliveryWorkflowId(deliveryId: string): string {
  return `webhook-delivery/${deliveryId}`;
}

/** The one Temporal Schedule of the background Amazon token refresh (workflows/token-refresh.ts). */
export const TOKEN_REFRESH_SCHEDULE_ID = 'recomamp-token-refresh';

/** The one Temporal Schedule of the reconciler (workflows/reconciler.ts). */
export const RECONCILER_SCHEDULE_ID = 'recomamp-reconciler';
