/** Reconciler passes for tests: one pass run now as a workflow, scoped to one user (Postgres and Temporal are shared). */
import { randomUUID } from 'node:crypto';
import type { ReconcileResult } from '../../activities/reconciler';
import { emptyScheduleReconcileResult } from '../../activities/reconcile-schedules';
import type { Stack } from './stack';

/** A pass that found nothing to do. */
export const NOTHING_DONE: ReconcileResult = {
  executionsFailed: 0,
  ticketsReclaimed: 0,
  collectionsRestarted: 0,
  ...emptyScheduleReconcileResult(),
};

/** Runs one reconciler pass over `userId`'s rows that have been quiet for `quietSeconds`, and returns what it did. */
export function reconcileOnce(stack: Stack, userId: string, quietSeconds: number): Promise<ReconcileResult> {
  return stack.temporal.workflow.execute('reconcilerWorkflow', {
    taskQueue: stack.taskQueue,
    workflowId: `reconciler-test/${randomUUID()}`,
    args: [{ quietSeconds, batch: 100, intervalSeconds: 60, userId }],
  });
}
