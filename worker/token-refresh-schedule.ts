/**
 * Creates (or brings up to date) the Temporal Schedule of the background Amazon token refresh. Idempotent: the
 * worker calls it at every start, tests call it from their setup. One Schedule per namespace, overlap SKIP, so
 * however many workers start, one sweep runs at a time.
 */
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { tokenRefreshWorkflow } from '../workflows';
import { TOKEN_REFRESH_SCHEDULE_ID } from '../workflows/ids';

export interface TokenRefreshScheduleOptions {
  taskQueue: string;
  intervalSeconds: number;
  bufferSeconds: number;
  parallelism: number;
  /** Another Schedule id (tests use their own, so parallel test files do not share one). */
  scheduleId?: string;
}

export async function ensureTokenRefreshSchedule(client: Client, opts: TokenRefreshScheduleOptions): Promise<string> {
  const scheduleId = opts.scheduleId ?? TOKEN_REFRESH_SCHEDULE_ID;
  const spec = { intervals: [{ every: `${opts.intervalSeconds} seconds` }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: tokenRefreshWorkflow,
    taskQueue: opts.taskQueue,
    workflowId: `${scheduleId}/sweep`,
    args: [{ bufferSeconds: opts.bufferSeconds, parallelism: opts.parallelism }] as [
      Parameters<typeof tokenRefreshWorkflow>[0],
    ],
  };
  const policies = { overlap: 'SKIP' as const, catchupWindow: '1 minute' };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies, memo: { purpose: 'Amazon token refresh' } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec, action, policies }));
  }
  return scheduleId;
}
