/**
 * The quota gate's activities (mechanism: db/amc-quota.ts). `acquireAmcQuotaSlot` takes a ticket and answers
 * granted or waiting at once; a waiting workflow sleeps until the `quotaGranted` signal that whoever frees or
 * hands out its slot sends it (`wakeGranted` below), with a rare re-check in case a signal was lost. No worker
 * slot is held and no query runs while waiting.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { AmcQuotaDb, QuotaLimits } from '../db/amc-quota';
import { quotaGrantedSignal } from '../workflows/messages';
import type { ExecutionRef } from './amc-executions';

export interface AmcQuotaActivitiesDeps {
  amcQuota: Pick<AmcQuotaDb, 'acquire' | 'release' | 'takeWakeups'>;
  limits: QuotaLimits;
  /**
   * Asks AMC, with the user's token, whether the instance is theirs, and records the answer; throws (a
   * non-retryable AMC_REQUEST_REJECTED when AMC refuses) otherwise. Only then may its runs take AMC's shared slots.
   */
  verifyInstance(target: { userId: string; instanceUuid: string }): Promise<void>;
}

export const DEFAULT_QUOTA_LIMITS: QuotaLimits = {
  perInstance: 10,
  perAccount: 200,
  staleWaiterSeconds: 600,
  leaseSeconds: 600,
};

/** granted: holds a slot (false when the execution is already terminal and needs none); waiting: its place. */
export interface QuotaSlot {
  granted: boolean;
  waiting?: { queuePosition: number };
}

/** Signals every waiter a grant pass of `executionId`'s account has given a slot (each once). */
export async function wakeGranted(amcQuota: Pick<AmcQuotaDb, 'takeWakeups'>, executionId: string): Promise<number> {
  const wakeups = await amcQuota.takeWakeups(executionId);
  if (wakeups.length === 0) return 0;
  const client = Context.current().client;
  await Promise.all(
    wakeups.map(async (w) => {
      try {
        await client.workflow.getHandle(w.workflowId).signal(quotaGrantedSignal);
      } catch (err) {
        // Gone (its ticket is reclaimed by the next grant pass or the reconciler); anything else: its re-check.
        if (!(err instanceof WorkflowNotFoundError)) Context.current().log.warn('quota wake-up failed', { err });
      }
    }),
  );
  return wakeups.length;
}

export function createAmcQuotaActivities(deps: AmcQuotaActivitiesDeps) {
  return {
    /** Takes (or finds) the execution's ticket: granted, waiting (with its place), or not needed (terminal). */
    async acquireAmcQuotaSlot({ executionId }: ExecutionRef): Promise<QuotaSlot> {
      let result = await deps.amcQuota.acquire(executionId, deps.limits);
      if (result.state === 'unverified') {
        await deps.verifyInstance(result);
        result = await deps.amcQuota.acquire(executionId, deps.limits);
        if (result.state === 'unverified') throw new Error('the AMC instance of this execution is still unconfirmed');
      }
      await wakeGranted(deps.amcQuota, executionId); // a new arrival's pass may hand free slots to earlier waiters
      if (result.state === 'waiting') return { granted: false, waiting: { queuePosition: result.queuePosition } };
      return { granted: result.state === 'granted' };
    },

    /** Gives the slot back and wakes the waiters it lets in. Idempotent. */
    async releaseAmcQuotaSlot({ executionId }: ExecutionRef): Promise<void> {
      await deps.amcQuota.release(executionId, deps.limits);
      await wakeGranted(deps.amcQuota, executionId);
    },
  };
}
