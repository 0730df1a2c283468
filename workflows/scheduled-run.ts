/**
 * The action of every RecomAMP Temporal Schedule. A Schedule's action is fixed when the schedule is written, so
 * it cannot carry the execution row id of a run that does not exist yet. This small workflow bridges that: it
 * reads the run's scheduled time, has an activity create the execution row (window from that time, idempotent by
 * schedule + scheduled time) and then runs the same `amcExecutionWorkflow` a manual run uses, as a child with id
 * `amc-execution/<executionId>`. It stays open until the child finishes, so the Schedule's overlap policy
 * (skip / buffer one / allow all) applies to the whole AMC run.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ApplicationFailure, executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { amcCallOptions } from './activity-options';
import { amcExecutionWorkflow } from './amc-execution';
import { executionWorkflowId } from './ids';
import type { ScheduledRunWorkflowInput, ScheduledRunWorkflowResult } from './messages';
import { ownSearchAttributes, SCHEDULED_START_TIME } from './search-attributes';
import { START_POLICIES } from './start-policies';

// Helpers

const { createScheduledExecution } = proxyActivities<Activities>(amcCallOptions);

/** The run's scheduled time; a run started by hand (not by a Schedule) counts from its own start. */
function scheduledTime(): Date {
  const info = workflowInfo();
  return info.typedSearchAttributes.get(SCHEDULED_START_TIME) ?? info.startTime;
}

// Workflow

/**
 * One scheduled run. Guarantees: at most one execution row per (schedule, scheduled time), even when the activity
 * is retried or the same time is fired twice (backfill over a fired time); the AMC work is amcExecutionWorkflow's.
 */
export async function scheduledRunWorkflow(input: ScheduledRunWorkflowInput): Promise<ScheduledRunWorkflowResult> {
  const scheduledAt = scheduledTime().toISOString();
  const created = await createScheduledExecution({ scheduleId: input.scheduleId, scheduledAt });
  if (!created.executionId) return { scheduledAt, executionId: null, skipped: created.skipped ?? 'not created' };
  const { executionId } = created;
  try {
    await executeChild(amcExecutionWorkflow, {
      workflowId: executionWorkflowId(executionId),
      args: [{ executionId, pollInitialSeconds: input.pollInitialSeconds, pollMaxSeconds: input.pollMaxSeconds }],
      ...START_POLICIES.scheduledExecution,
      // The schedule's own (user, instance, saved query, schedule, scheduled).
      typedSearchAttributes: ownSearchAttributes(workflowInfo().typedSearchAttributes),
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return { scheduledAt, executionId, skipped: 'this scheduled time already has its execution' };
    }
    // The child recorded its failure on the execution row; fail this run too so the Schedule shows it.
    throw ApplicationFailure.create({
      message: `execution ${executionId} did not succeed`,
      nonRetryable: true,
      cause: err as Error,
    });
  }
  return { scheduledAt, executionId };
}
