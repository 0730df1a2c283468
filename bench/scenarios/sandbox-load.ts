/**
 * The simulator's sandbox data (issue 13): how long a fresh store takes to build its dimensions and views, to
 * generate a 7-day window of the main tables (with the earlier days their lags need), to answer a typical
 * aggregate per table end to end, and to materialise every catalogued column of dsp_impressions for the week.
 */
import { DAY_MS, dataStoreFor } from '../../amc/simulator/sandbox/data-store';
import { exposureOf } from '../../amc/simulator/sandbox/exposures';
import { runSandboxQuery } from '../../amc/simulator/sandbox/run-query';

const QUERIES: Record<string, string> = {
  dsp_impressions:
    'SELECT campaign, impression_date, SUM(impressions) AS n, COUNT(DISTINCT user_id) AS reach FROM dsp_impressions GROUP BY 1, 2',
  dsp_clicks: 'SELECT campaign, SUM(clicks) AS n FROM dsp_clicks GROUP BY 1',
  dsp_views:
    'SELECT line_item, SUM(viewable_impressions) AS v, SUM(measurable_impressions) AS m FROM dsp_views GROUP BY 1',
  dsp_video_events_feed: 'SELECT creative_type, SUM(video_complete) AS n FROM dsp_video_events_feed GROUP BY 1',
  sponsored_ads_traffic:
    'SELECT ad_product_type, event_hour, SUM(impressions) AS i, SUM(spend) AS s FROM sponsored_ads_traffic GROUP BY 1, 2',
  amazon_attributed_events_by_conversion_time:
    'SELECT campaign, SUM(total_purchases) AS p, SUM(total_product_sales) AS s FROM amazon_attributed_events_by_conversion_time GROUP BY 1',
  conversions: 'SELECT event_subtype, COUNT(DISTINCT user_id) AS u FROM conversions GROUP BY 1',
  conversions_with_relevance:
    'SELECT campaign, engagement_scope, SUM(conversions) AS n FROM conversions_with_relevance GROUP BY 1, 2',
  conversions_all: 'SELECT exposure_type, SUM(total_product_sales) AS s FROM conversions_all GROUP BY 1',
};

export async function sandboxLoad(opts: { seed: number }) {
  const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);
  const window = { startMs: Date.parse('2026-10-01T00:00:00Z'), endMs: Date.parse('2026-10-08T00:00:00Z') };
  const data = { seed: opts.seed, scale: 1 };
  const t0 = performance.now();
  const store = await dataStoreFor(data);
  const initMs = Math.round(performance.now() - t0);
  const t1 = performance.now();
  for (const table of Object.keys(QUERIES)) {
    const e = exposureOf(table)!;
    await store.ensure([e.table], Math.floor(window.startMs / DAY_MS) - e.lagDays, Math.ceil(window.endMs / DAY_MS));
  }
  const loadMs = Math.round(performance.now() - t1);
  const queryMs: Record<string, number> = {};
  for (const [table, sqlQuery] of Object.entries(QUERIES)) {
    const s = performance.now();
    const input = { sqlQuery, inputParameters: [], params: {}, window, data, maxDays: 120, userCap: 100 };
    await runSandboxQuery(input);
    queryMs[table] = Math.round(performance.now() - s);
  }
  const conn = await store.connect();
  const s = performance.now();
  try {
    await conn.run(`CREATE TEMP TABLE wide AS SELECT * FROM amc_data.dsp_impressions
      WHERE impression_dt_utc >= TIMESTAMP '2026-10-01 00:00:00' AND impression_dt_utc < TIMESTAMP '2026-10-08 00:00:00'`);
  } finally {
    conn.closeSync();
  }
  const allColumnsMs = Math.round(performance.now() - s);
  return { initMs, loadMs, queryMs, allColumnsDspImpressionsMs: allColumnsMs, rssMb: rss() };
}
