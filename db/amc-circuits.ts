/**
 * Circuit-breaker rows (one per AMC instance). Every transition is one SQL statement using the database's clock,
 * so concurrent workers agree on it; amazon/circuit-breaker.ts holds the policy that calls these.
 */
import type { Knex } from 'knex';
import { TABLES, type AmcCircuitRow } from './tables';

export interface FailureRecord {
  threshold: number;
  openSeconds: number;
  /** A Retry-After from AMC keeps the circuit open at least this long. */
  retryAfterSeconds?: number;
  error: string;
}

export function createAmcCircuitsDb(db: Knex) {
  const circuits = () => db<AmcCircuitRow>(TABLES.amcCircuits);

  return {
    async get(key: string): Promise<AmcCircuitRow | undefined> {
      return circuits().where({ instance_key: key }).first();
    },
    async list(keys?: string[]): Promise<AmcCircuitRow[]> {
      const q = circuits().select('*').orderBy('instance_key');
      return keys ? q.whereIn('instance_key', keys) : q;
    },
    /** Open → half_open for exactly one caller once the probe time has come, or when a probe's lease ran out. */
    async claimProbe(key: string, leaseSeconds: number): Promise<boolean> {
      const n = await circuits()
        .where({ instance_key: key })
        .andWhere((q) =>
          q
            .where((o) => o.where('state', 'open').andWhere('next_probe_at', '<=', db.fn.now()))
            .orWhere((h) =>
              h
                .where('state', 'half_open')
                .andWhereRaw('probe_started_at <= now() - make_interval(secs => ?)', [leaseSeconds]),
            ),
        )
        .update({ state: 'half_open', probe_started_at: db.fn.now(), updated_at: db.fn.now() } as never);
      return n === 1;
    },
    /** AMC answered: closed, no failures. Writes nothing when already so. */
    async recordSuccess(key: string): Promise<void> {
      await circuits()
        .where({ instance_key: key })
        .andWhere((q) => q.whereNot('state', 'closed').orWhere('consecutive_failures', '>', 0))
        .update({
          state: 'closed',
          consecutive_failures: 0,
          opened_at: null,
          next_probe_at: null,
          probe_started_at: null,
          updated_at: db.fn.now(),
        } as never);
    },
    /**
     * One more consecutive failure. Closed reaching the threshold opens; a failed half-open probe opens again;
     * an open circuit keeps its probe time (late failures of calls admitted earlier do not push it back).
     */
    async recordFailure(key: string, f: FailureRecord): Promise<AmcCircuitRow> {
      const hold = Math.max(f.openSeconds, f.retryAfterSeconds ?? 0);
      const { rows } = await db.raw(
        `INSERT INTO ${TABLES.amcCircuits} AS c
           (instance_key, state, consecutive_failures, opened_at, next_probe_at, last_error, updated_at)
         VALUES (:key, CASE WHEN :threshold <= 1 THEN 'open' ELSE 'closed' END, 1,
                 CASE WHEN :threshold <= 1 THEN now() END,
                 CASE WHEN :threshold <= 1 THEN now() + make_interval(secs => :hold) END, :error, now())
         ON CONFLICT (instance_key) DO UPDATE SET
           consecutive_failures = c.consecutive_failures + 1,
           last_error = EXCLUDED.last_error,
           updated_at = now(),
           state = CASE WHEN c.state = 'half_open' OR c.consecutive_failures + 1 >= :threshold THEN 'open' ELSE c.state END,
           opened_at = CASE WHEN c.state = 'closed' AND c.consecutive_failures + 1 >= :threshold THEN now() ELSE c.opened_at END,
           next_probe_at = CASE
             WHEN c.state = 'half_open' OR (c.state = 'closed' AND c.consecutive_failures + 1 >= :threshold)
               THEN now() + make_interval(secs => :hold)
             ELSE c.next_probe_at END,
           probe_started_at = CASE WHEN c.state = 'half_open' THEN NULL ELSE c.probe_started_at END
         RETURNING *`,
        { key, threshold: f.threshold, hold, error: f.error.slice(0, 500) },
      );
      return rows[0] as AmcCircuitRow;
    },
  };
}
export type AmcCircuitsDb = ReturnType<typeof createAmcCircuitsDb>;
