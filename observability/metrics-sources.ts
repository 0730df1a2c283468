/** What the API's scrape-time gauges (observability/metrics.ts registerScrapeGauges) read: small GROUP BY counts. */
import type { Knex } from 'knex';
import { TABLES } from '../db/tables';

async function countBy(
  db: Knex,
  table: string,
  where?: (q: Knex.QueryBuilder) => void,
): Promise<Record<string, number>> {
  const q = db(table).select('status').count({ n: '*' }).groupBy('status');
  where?.(q);
  const rows = (await q) as unknown as { status: string; n: string }[];
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export function metricsSources(db: Knex) {
  return {
    executionsByStatus: () => countBy(db, TABLES.executions),
    collectionsByStatus: () => countBy(db, TABLES.dataCollections),
    webhookDeliveriesByStatus: () => countBy(db, TABLES.webhookDeliveries),
    async runningCollectionProgress() {
      const rows = (await db(`${TABLES.collectionWeeks} as w`)
        .join(`${TABLES.dataCollections} as c`, 'c.id', 'w.collection_id')
        .where('c.status', 'RUNNING')
        .groupBy('c.id')
        .select('c.id')
        .select(
          // The share of weeks SUCCEEDED, like the API's progress (lib/collection-statuses.ts collectionShares).
          db.raw(`avg(CASE WHEN w.status = 'SUCCEEDED' THEN 1.0 ELSE 0 END) AS progress`),
        )) as unknown as {
        id: string;
        progress: string;
      }[];
      return rows.map((r) => ({ id: r.id, progress: Number(r.progress) }));
    },
    /**
     * The AMC circuit breakers (issue #7's amc_circuit_breakers, one row per AMC instance that ever failed; no row =
     * closed). Read from the table so metrics work whichever of the two changes lands first.
     */
    async circuitStates() {
      const exists = (await db.raw(`SELECT to_regclass('amc_circuit_breakers') IS NOT NULL AS ok`)) as {
        rows: { ok: boolean }[];
      };
      if (!exists.rows[0]?.ok) return [];
      const rows = (await db('amc_circuit_breakers').select('instance_key', 'state')) as {
        instance_key: string;
        state: string;
      }[];
      return rows.map((r) => ({ instanceKey: r.instance_key, state: r.state }));
    },
  };
}
