/**
 * The reconciler, fired by the Temporal Schedule `recomamp-reconciler` (worker/reconciler-schedule.ts; overlap
 * SKIP): one activity compares live rows with their workflows and repairs the difference (activities/reconciler.ts).
 * Its bookkeeping retries like every other (attempts unbounded, interval capped), bounded by the next fire.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createReconcilerActivities, ReconcileResult } from '../activities/reconciler';
import { bookkeepingOptions } from './activity-options';
import type { ReconcilerWorkflowInput } from './messages';

// Workflow

export async function reconcilerWorkflow(input: ReconcilerWorkflowInput): Promise<ReconcileResult> {
  const { reconcile } = proxyActivities<ReturnType<typeof createReconcilerActivities>>({
    ...bookkeepingOptions(),
    scheduleToCloseTimeout: `${input.intervalSeconds} seconds`,
  });
  return reconcile({ quietSeconds: input.quietSeconds, batch: input.batch, userId: input.userId });
}
