/**
 * Rate-limit counters in Postgres (table rate_limit_hits), shared by every API process: a fixed window per key,
 * counted with one upsert per request. The store interface is express-rate-limit's (api/http-hardening.ts).
 * Expired rows are swept now and then by the process that happens to count.
 */
import type { Knex } from 'knex';
import { rawRows } from './raw-pg';
import { TABLES } from './tables';

export interface WindowHits {
  totalHits: number;
  resetTime: Date;
}

/** Every this many increments a process deletes windows that ended (a cheap, indexed delete). */
const SWEEP_EVERY = 500;

export function createRateLimitsDb(db: Knex) {
  let sinceSweep = 0;
  const table = TABLES.rateLimitHits;
  return {
    /** Counts one hit of `key` in its current window (a new window when the last one ended). */
    async increment(key: string, windowSeconds: number): Promise<WindowHits> {
      // Raw pg (db/raw-pg.ts): every request behind requireAuth counts here.
      const rows = await rawRows<{ hits: number; reset_at: Date }>(db, {
        name: 'recomamp_rate_limit_increment',
        text: `INSERT INTO ${table} AS r (key, hits, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.hits + 1 END,
           reset_at = CASE WHEN r.reset_at <= now() THEN now() + make_interval(secs => $2) ELSE r.reset_at END
         RETURNING hits, reset_at`,
        values: [key, windowSeconds],
      });
      if (++sinceSweep >= SWEEP_EVERY) {
        sinceSweep = 0;
        await db(table).where('reset_at', '<', db.raw("now() - interval '1 minute'")).delete();
      }
      return { totalHits: rows[0]!.hits, resetTime: rows[0]!.reset_at };
    },
    async get(key: string): Promise<WindowHits | undefined> {
      const row = (await db(table).where({ key }).where('reset_at', '>', db.fn.now()).first()) as
        { hits: number; reset_at: Date } | undefined;
      return row && { totalHits: row.hits, resetTime: row.reset_at };
    },
    async decrement(key: string): Promise<void> {
      await db(table)
        .where({ key })
        .where('reset_at', '>', db.fn.now())
        .update({ hits: db.raw('greatest(hits - 1, 0)') });
    },
    async reset(key: string): Promise<void> {
      await db(table).where({ key }).delete();
    },
  };
}
export type RateLimitsDb = ReturnType<typeof createRateLimitsDb>;
