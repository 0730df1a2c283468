/**
 * Calling AMC from an activity on behalf of a user: loads a fresh token, addresses the instance, refreshes once
 * on a 401, and turns client errors into Temporal failures that say whether a retry can help.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { AmcApiError, LwaError, type AmcCallContext } from '../amc/client';
import type { AmcInstancesDb, InstanceWithAccount } from '../db/amc-instances';
import { amcTargetOf, needsAmcDetails, sharedKeysOfInstance } from '../db/amc-instances';
import { AmazonConsentRequiredError, type AmazonTokenService } from '../amazon/tokens';
import { CircuitOpenError, type CircuitBreaker, type FailureVerdict } from '../amazon/circuit-breaker';
import { FAILURE_TYPES, type FailureInfo } from '../workflows/failures';

export interface AmcSessionDeps {
  amcInstances: Pick<AmcInstancesDb, 'findById'>;
  tokens: Pick<AmazonTokenService, 'getAccessToken'>;
  /** The per-instance circuit breaker; calls are unguarded without one. */
  breaker?: Pick<CircuitBreaker, 'guard'>;
  /**
   * Fills a row registered before registration asked AMC (no marketplace, no instance type) from AMC's listings
   * (services/resolve-instance.ts repairInstanceDetails); `missing` when AMC no longer lists the pair.
   */
  repairDetails?: (
    accessToken: string,
    instance: InstanceWithAccount,
  ) => Promise<{ instance: InstanceWithAccount } | { missing: string }>;
}

/** Which failures mean AMC itself is unhealthy (and count towards opening its circuit). */
export function judgeAmcFailure(err: unknown): FailureVerdict {
  if (!(err instanceof AmcApiError)) return { unhealthy: false, neutral: true };
  const unhealthy =
    err.kind === 'server' || err.kind === 'timeout' || err.kind === 'network' || err.kind === 'throttled';
  return { unhealthy, retryAfterSeconds: err.retryAfterSeconds };
}

export function createAmcSession(deps: AmcSessionDeps) {
  /** Runs `call` against the user's instance; on a 401 refreshes the token once and tries again. */
  return async function withAmc<T>(
    target: { userId: string; instanceUuid: string },
    call: (ctx: AmcCallContext) => Promise<T>,
  ): Promise<T> {
    let instance = await deps.amcInstances.findById(target.userId, target.instanceUuid);
    if (!instance) {
      throw ApplicationFailure.create({
        message: 'the AMC instance of this execution no longer exists',
        type: FAILURE_TYPES.amcRequestRejected,
        nonRetryable: true,
      });
    }
    if (deps.repairDetails && needsAmcDetails(instance)) {
      let repaired;
      try {
        repaired = await deps.repairDetails(await deps.tokens.getAccessToken(target.userId), instance);
      } catch (err) {
        throw toActivityFailure(err);
      }
      if ('missing' in repaired) {
        throw nonRetryable({ code: FAILURE_TYPES.amcRequestRejected, message: repaired.missing });
      }
      instance = repaired.instance;
    }
    const address = amcTargetOf(instance);
    const attempt = async () => {
      try {
        const accessToken = await deps.tokens.getAccessToken(target.userId);
        return await call({ ...address, accessToken });
      } catch (err) {
        if (!(err instanceof AmcApiError && err.kind === 'unauthorized')) throw err;
        const accessToken = await deps.tokens.getAccessToken(target.userId, { forceRefresh: true });
        return await call({ ...address, accessToken });
      }
    };
    try {
      // The instance's own circuit until AMC has confirmed it is this user's (db/amc-instances.ts amcSharedKeysOf).
      const circuitKey = sharedKeysOfInstance(instance).instanceKey;
      return deps.breaker ? await deps.breaker.guard(circuitKey, attempt, judgeAmcFailure) : await attempt();
    } catch (err) {
      throw toActivityFailure(err);
    }
  };
}
export type WithAmc = ReturnType<typeof createAmcSession>;

/**
 * Client and token errors as Temporal failures. Transient ones stay retryable (429 waits Retry-After); the
 * ones a retry cannot fix are non-retryable with a type from workflows/failures.ts and FailureInfo details.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof CircuitOpenError) {
    // Wait for the probe instead of hammering AMC; retryable, so the activity's retry budget still applies.
    return ApplicationFailure.create({
      message: err.message,
      type: FAILURE_TYPES.amcCircuitOpen,
      nextRetryDelay: Math.max(1000, err.retryAt.getTime() - Date.now()),
    });
  }
  if (err instanceof AmazonConsentRequiredError) {
    return nonRetryable({ code: FAILURE_TYPES.amazonConsentRequired, message: err.message });
  }
  if (err instanceof LwaError) {
    return err.retryable ? err : nonRetryable({ code: FAILURE_TYPES.amazonConsentRequired, message: err.message });
  }
  if (!(err instanceof AmcApiError)) return err;
  if (err.kind === 'sql_compile') {
    const info: FailureInfo = { code: FAILURE_TYPES.sqlCompile, message: err.details || err.message };
    if (err.line !== undefined) info.line = err.line;
    if (err.column !== undefined) info.column = err.column;
    return nonRetryable(info);
  }
  if (err.kind === 'throttled') {
    return ApplicationFailure.create({
      message: err.message,
      type: FAILURE_TYPES.amcThrottled,
      ...(err.retryAfterSeconds !== undefined && { nextRetryDelay: `${err.retryAfterSeconds} seconds` }),
    });
  }
  if (!err.retryable)
    return nonRetryable({ code: FAILURE_TYPES.amcRequestRejected, message: err.details || err.message });
  return err;
}

function nonRetryable(info: FailureInfo): ApplicationFailure {
  return ApplicationFailure.create({ message: info.message, type: info.code, nonRetryable: true, details: [info] });
}
