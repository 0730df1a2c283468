/**
 * Creates (or brings up to date) the Temporal Schedule of the reconciler (workflows/reconciler.ts), like the token
 * refresh's: idempotent, called at every worker start; one per namespace, overlap SKIP.
 */
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { reconcilerWorkflow } from '../workflows';
import { RECONCILER_SCHEDULE_ID } from '../workflows/ids';
import type { ReconcilerWorkflowInput } from '../workflows/messages';

export interface ReconcilerScheduleOptions extends ReconcilerWorkflowInput {
  taskQueue: string;
  /** Another Schedule id (tests use their own). */
  scheduleId?: string;
}

export async function ensureReconcilerSchedule(client: Client, opts: ReconcilerScheduleOptions): Promise<string> {
  const scheduleId = opts.scheduleId ?? RECONCILER_SCHEDULE_ID;
  const spec = { intervals: [{ every: `${opts.intervalSeconds} seconds` }] };
  const input: ReconcilerWorkflowInput = {
    quietSeconds: opts.quietSeconds,
    batch: opts.batch,
    intervalSeconds: opts.intervalSeconds,
  };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: reconcilerWorkflow,
    taskQueue: opts.taskQueue,
    workflowId: `${scheduleId}/run`,
    args: [input] as [ReconcilerWorkflowInput],
  };
  const policies = { overlap: 'SKIP' as const, catchupWindow: '1 minute' };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies, memo: { purpose: 'reconciler' } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec, action, policies }));
  }
  return scheduleId;
}
