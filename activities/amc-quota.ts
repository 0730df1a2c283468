/**
 * The quota gate's activities (mechanism: db/amc-quota.ts). `acquireAmcQuotaSlot` answers "no slot yet" with a
 * benign retryable failure, so the activity's retry policy is the wait (as for pollAmcExecution): no worker slot
 * is held while waiting, and a worker restart only delays the next attempt.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import type { AmcQuotaDb, QuotaLimits } from '../db/amc-quota';
import { FAILURE_TYPES } from '../workflows/failures';
import type { ExecutionRef } from './amc-executions';

export interface AmcQuotaActivitiesDeps {
  amcQuota: Pick<AmcQuotaDb, 'acquire' | 'release'>;
  limits: QuotaLimits;
  /**
   * Asks AMC, with the user's token, whether the instance is theirs, and records the answer; throws (a
   * non-retryable AMC_REQUEST_REJECTED when AMC refuses) otherwise. Only then may its runs take AMC's shared slots.
   */
  verifyInstance(target: { userId: string; instanceUuid: string }): Promise<void>;
}

export const DEFAULT_QUOTA_LIMITS: QuotaLimits = { perInstance: 10, perAccount: 200, staleWaiterSeconds: 600 };

export function createAmcQuotaActivities(deps: AmcQuotaActivitiesDeps) {
  return {
    /** Returns once the execution holds an AMC slot (idempotent: a second call takes no second slot). */
    async acquireAmcQuotaSlot({ executionId }: ExecutionRef): Promise<{ granted: boolean }> {
      let result = await deps.amcQuota.acquire(executionId, deps.limits);
      if (result.state === 'unverified') {
        await deps.verifyInstance(result);
        result = await deps.amcQuota.acquire(executionId, deps.limits);
        if (result.state === 'unverified') throw new Error('the AMC instance of this execution is still unconfirmed');
      }
      if (result.state === 'waiting') {
        throw ApplicationFailure.create({
          message: `waiting for an AMC slot (position ${result.queuePosition})`,
          type: FAILURE_TYPES.amcQuotaWaiting,
          category: ApplicationFailureCategory.BENIGN,
          details: [{ queuePosition: result.queuePosition }],
        });
      }
      return { granted: result.state === 'granted' };
    },

    /** Gives the slot back and lets the next waiters in. Idempotent. */
    async releaseAmcQuotaSlot({ executionId }: ExecutionRef): Promise<void> {
      await deps.amcQuota.release(executionId, deps.limits);
    },
  };
}
