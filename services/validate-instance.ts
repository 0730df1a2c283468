/**
 * Check that AMC answers for an instance with the caller's Amazon login (POST /api/instances/:id/validate): one
 * cheap call (list saved workflows). AMC's refusal is the answer (`ok: false` with AMC's words), not an error.
 * AMC's yes also confirms the registration: the instance then shares AMC's quota and circuit (amcSharedKeysOf).
 */
import type { InstanceWithAccount } from '../db/amc-instances';
import { AppError } from '../lib/app-error';
import { amazonCall } from './amazon-call';
import type { ServiceDeps } from './deps';
import { amcAddressFor } from './resolve-instance';

export type InstanceCheck = { ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: unknown };

export async function validateInstance(
  deps: Pick<ServiceDeps, 'amc' | 'amazonTokens' | 'repos'>,
  userId: string,
  instance: InstanceWithAccount,
): Promise<InstanceCheck> {
  const started = Date.now();
  try {
    await amazonCall(deps, userId, async (accessToken) =>
      deps.amc.listWorkflows({ ...(await amcAddressFor(deps, accessToken, instance)), accessToken }),
    );
    const latencyMs = Date.now() - started;
    await deps.repos.amcInstances.markVerified(instance.id);
    return { ok: true, latencyMs };
  } catch (err) {
    if (err instanceof AppError && err.code === 'INSTANCE_NOT_AT_AMC') {
      return { ok: false, latencyMs: Date.now() - started, error: { kind: 'not_visible', message: err.message } };
    }
    const cause = err instanceof AppError && err.details?.amc ? err : undefined;
    if (!cause) throw err;
    return { ok: false, latencyMs: Date.now() - started, error: cause.details!.amc };
  }
}
