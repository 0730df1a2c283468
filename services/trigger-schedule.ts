/**
 * Trigger a schedule (POST /api/schedules/:id/trigger): runs now, whatever the overlap policy, and answers with
 * what it started. The Temporal Schedule starts the run (so it shows among the Schedule's actions in the Temporal
 * UI); this waits for that action, reads the run's scheduled time from its workflow, and records the execution row
 * for that time here, with the same idempotent step the run's own activity takes (createScheduledExecution), so
 * both name the same row and the answer carries its id.
 */
import type { Client } from '@temporalio/client';
import type { ScheduleRow } from '../db/tables';
import { scheduleHandle } from '../temporal/schedules';
import { SCHEDULED_START_TIME } from '../workflows/search-attributes';
import { createScheduledExecution, type ScheduledExecutionDeps } from './create-scheduled-execution';

export interface TriggeredRun {
  /** The scheduled-run workflow the Schedule started. */
  temporalWorkflowId: string | null;
  scheduledAt: string | null;
  executionId: string | null;
  /** Why the run made no execution (e.g. its parameters no longer fit the saved query). */
  skipped?: string;
}

/** How long to wait for the Schedule to take the triggered action (it normally takes milliseconds). */
const ACTION_WAIT_MS = 10_000;

export async function triggerSchedule(
  deps: { temporal: Pick<Client, 'schedule' | 'workflow'>; repos: ScheduledExecutionDeps },
  row: ScheduleRow,
): Promise<TriggeredRun> {
  const handle = scheduleHandle(deps, row);
  const known = new Set((await handle.describe()).info.recentActions.map((a) => a.action.workflow.workflowId));
  // An explicit request is never silently skipped, so the trigger's own overlap is ALLOW_ALL.
  await handle.trigger('ALLOW_ALL');
  const deadline = Date.now() + ACTION_WAIT_MS;
  let workflowId: string | undefined;
  for (let delay = 50; !workflowId && Date.now() < deadline; delay = Math.min(delay * 2, 500)) {
    await new Promise((r) => setTimeout(r, delay));
    workflowId = (await handle.describe()).info.recentActions
      .map((a) => a.action.workflow.workflowId)
      .find((id) => !known.has(id));
  }
  if (!workflowId) return { temporalWorkflowId: null, scheduledAt: null, executionId: null };
  const run = await deps.temporal.workflow.getHandle(workflowId).describe();
  const scheduledAt = (run.typedSearchAttributes.get(SCHEDULED_START_TIME) ?? run.startTime).toISOString();
  const outcome = await createScheduledExecution(deps.repos, { scheduleId: row.id, scheduledAt });
  return {
    temporalWorkflowId: workflowId,
    scheduledAt,
    executionId: outcome.executionId,
    ...(outcome.skipped && { skipped: outcome.skipped }),
  };
}
