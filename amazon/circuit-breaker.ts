/**
 * A circuit breaker per AMC instance, shared by every worker process through Postgres (db/amc-circuits.ts).
 *
 * Closed: calls go through; consecutive unhealthy answers (5xx, timeouts, network errors, 429s) are counted and a
 * healthy answer (any success, or a 4xx about the request itself) resets the count. At `failureThreshold` it opens:
 * calls fail fast with CircuitOpenError (no AMC call) until `next_probe_at` (`openSeconds`, or AMC's Retry-After
 * when longer). Then exactly one caller claims the half-open probe; the others keep waiting `probeWaitSeconds`.
 * The probe's success closes the circuit, its failure opens it again. A probe whose worker died is handed on
 * after `probeLeaseSeconds`.
 *
 * Why Postgres and not memory: workers are many processes and restart; an in-process breaker would let each new
 * or restarted worker hammer an AMC that is down. The cost is one primary-key read per guarded call (a write only
 * when the state changes or a failure is counted).
 */
import type { Knex } from 'knex';
import { createAmcCircuitsDb, type AmcCircuitsDb } from '../db/amc-circuits';
import type { AmcCircuitRow, CircuitState } from '../db/tables';

export interface CircuitSettings {
  failureThreshold: number;
  openSeconds: number;
  probeWaitSeconds: number;
  probeLeaseSeconds: number;
}

export const DEFAULT_CIRCUIT_SETTINGS: CircuitSettings = {
  failureThreshold: 5,
  openSeconds: 30,
  probeWaitSeconds: 5,
  probeLeaseSeconds: 90,
};

/** What a guarded call's failure says about AMC's health. */
export interface FailureVerdict {
  /** AMC is struggling (5xx, timeout, network, 429): counts towards opening. */
  unhealthy: boolean;
  /** The failure says nothing about AMC (it was never reached, e.g. the token service failed): no record. */
  neutral?: boolean;
  retryAfterSeconds?: number;
}

/** A call refused without contacting AMC because the instance's circuit is open. */
export class CircuitOpenError extends Error {
  constructor(
    readonly key: string,
    readonly retryAt: Date,
    readonly state: CircuitState,
  ) {
    super(`AMC instance ${key} is failing; calls are paused until ${retryAt.toISOString()} (circuit ${state})`);
    this.name = 'CircuitOpenError';
  }
}

/** The public view of one circuit (the instance API view and #8's metrics read this). */
export interface CircuitView {
  instanceKey: string;
  state: CircuitState;
  failures: number;
  openedAt: string | null;
  retryAt: string | null;
  lastError: string | null;
}

export function circuitView(row: AmcCircuitRow | undefined, instanceKey: string): CircuitView {
  if (!row) return { instanceKey, state: 'closed', failures: 0, openedAt: null, retryAt: null, lastError: null };
  return {
    instanceKey,
    state: row.state,
    failures: row.consecutive_failures,
    openedAt: row.opened_at?.toISOString() ?? null,
    retryAt: row.state === 'closed' ? null : (row.next_probe_at?.toISOString() ?? null),
    lastError: row.last_error,
  };
}

/** Every known circuit (instances that never failed have no row and are closed). For metrics exposition. */
export async function readCircuitStates(db: Knex): Promise<CircuitView[]> {
  return (await createAmcCircuitsDb(db).list()).map((row) => circuitView(row, row.instance_key));
}

export function createCircuitBreaker(deps: { circuits: AmcCircuitsDb; settings: CircuitSettings; now?: () => number }) {
  const { circuits, settings } = deps;
  const now = deps.now ?? Date.now;

  function refusal(key: string, row: AmcCircuitRow): CircuitOpenError {
    const probeAt = row.next_probe_at?.getTime() ?? 0;
    const wait = row.state === 'open' && probeAt > now() ? probeAt : now() + settings.probeWaitSeconds * 1000;
    return new CircuitOpenError(key, new Date(wait), row.state);
  }

  /** Runs `call` unless the circuit of `key` is open; records what the outcome says about AMC's health. */
  async function guard<T>(key: string, call: () => Promise<T>, judge: (err: unknown) => FailureVerdict): Promise<T> {
    const row = await circuits.get(key);
    const dirty = row !== undefined && (row.state !== 'closed' || row.consecutive_failures > 0);
    if (row && row.state !== 'closed' && !(await circuits.claimProbe(key, settings.probeLeaseSeconds))) {
      throw refusal(key, row);
    }
    let result: T;
    try {
      result = await call();
    } catch (err) {
      const verdict = judge(err);
      if (verdict.unhealthy) {
        const error = err instanceof Error ? err.message : String(err);
        await circuits.recordFailure(key, {
          threshold: settings.failureThreshold,
          openSeconds: settings.openSeconds,
          retryAfterSeconds: verdict.retryAfterSeconds,
          error,
        });
      } else if (dirty && !verdict.neutral) {
        await circuits.recordSuccess(key); // AMC answered (about the request): it is up
      }
      throw err;
    }
    if (dirty) await circuits.recordSuccess(key);
    return result;
  }

  return { guard, read: async (key: string) => circuitView(await circuits.get(key), key) };
}
export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
