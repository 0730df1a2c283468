/**
 * How long past AMC runs took (migration 20261130171942): per saved query and per AMC instance, most recent first,
 * at most DURATION_SAMPLES_KEPT each. Written by the worker when AMC reports a run SUCCEEDED, read when the next
 * run is submitted (lib/poll-plan.ts turns them into a poll plan).
 */
import type { Knex } from 'knex';
import { DURATION_SAMPLES_KEPT } from '../lib/poll-plan';
import { TABLES } from './tables';

export interface RunDurationHistory {
  savedQuery: number[];
  instance: number[];
}

export function createAmcRunDurationsDb(db: Knex) {
  const table = TABLES.amcRunDurations;
  return {
    /** One round trip: both histories (empty arrays when there is none). */
    async history(savedQueryId: string, instanceId: string): Promise<RunDurationHistory> {
      const { rows } = (await db.raw(
        `SELECT saved_query_id, seconds FROM ${table} WHERE saved_query_id = ? OR instance_id = ?`,
        [savedQueryId, instanceId],
      )) as { rows: { saved_query_id: string | null; seconds: number[] }[] };
      return {
        savedQuery: rows.find((r) => r.saved_query_id !== null)?.seconds ?? [],
        instance: rows.find((r) => r.saved_query_id === null)?.seconds ?? [],
      };
    },

    /** Puts a finished run's time first in both histories (one statement), dropping the oldest beyond the cap. */
    async record(savedQueryId: string, instanceId: string, seconds: number): Promise<void> {
      const keep = `(ARRAY[?::double precision] || ${table}.seconds)[1:${DURATION_SAMPLES_KEPT}]`;
      await db.raw(
        `WITH by_query AS (
           INSERT INTO ${table} (saved_query_id, seconds) VALUES (?, ARRAY[?::double precision])
           ON CONFLICT (saved_query_id) WHERE saved_query_id IS NOT NULL
           DO UPDATE SET seconds = ${keep}, updated_at = now()
         )
         INSERT INTO ${table} (instance_id, seconds) VALUES (?, ARRAY[?::double precision])
         ON CONFLICT (instance_id) WHERE instance_id IS NOT NULL
         DO UPDATE SET seconds = ${keep}, updated_at = now()`,
        [savedQueryId, seconds, seconds, instanceId, seconds, seconds],
      );
    },
  };
}
export type AmcRunDurationsDb = ReturnType<typeof createAmcRunDurationsDb>;
