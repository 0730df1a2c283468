/**
 * The sandbox's synthetic AMC data against the catalog: every table (audience twins included) exposes every
 * catalogued column with its type, has rows, and fills its columns; values agree across tables so joins on
 * user_id, campaign ids and traffic ids find matches; derived dates and hours follow the event time (advertiser
 * time zone via US daylight-saving rules); nothing is generated after now.
 */
import { AMC_TABLES, amcTable } from '../../amc/catalog/amc-catalog';
import { DAY_MS, dataStoreFor } from '../../amc/simulator/sandbox/data-store';
import { exposureOf } from '../../amc/simulator/sandbox/exposures';
import { runSandboxQuery } from '../../amc/simulator/sandbox/run-query';
import { duckType } from '../../amc/simulator/sandbox/view-columns';

const DATA = { seed: 42, scale: 1 };
const WEEK = { startMs: Date.parse('2026-10-01T00:00:00Z'), endMs: Date.parse('2026-10-08T00:00:00Z') };
/** Columns that are legitimately NULL on every synthetic row (they describe advertiser-uploaded conversions). */
const ALWAYS_NULL = new Set(['conversion_event_name', 'conversion_event_source_name']);

const run = (sqlQuery: string, window = WEEK) =>
  runSandboxQuery({ sqlQuery: sqlQuery.trim(), params: {}, window, data: DATA, maxDays: 120, userCap: 100 });
const value = async (sqlQuery: string, window = WEEK) => Number((await run(sqlQuery, window)).rows[0]![0]);

describe('sandbox data', () => {
  test.each(AMC_TABLES.map((t) => [t.name] as const))(
    'when %s is probed, then every catalogued column exists with its type and holds values',
    async (name) => {
      const exposure = exposureOf(name)!;
      expect(exposure).toBeDefined();
      const store = await dataStoreFor(DATA);
      const from = Math.floor(WEEK.startMs / DAY_MS) - exposure.lagDays;
      await store.ensure([exposure.table], from, Math.ceil(WEEK.endMs / DAY_MS));
      const conn = await store.connect();
      try {
        const where = exposure.filter ? ` WHERE ${exposure.filter}` : '';
        const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM amc_data.${exposure.table}${where}`))
          .getRows()
          .map((r) => ({ name: String(r[0]), type: String(r[1]) }))
          .filter((c) => !c.name.startsWith('__'));
        const catalog = amcTable(name)!.columns.map((c) => ({ name: c.name, type: duckType(c) }));
        expect(described).toEqual(catalog);

        const counts = (
          await conn.runAndReadAll(
            `SELECT count(*), ${catalog.map((c) => `count("${c.name}")`).join(', ')} FROM amc_data.${exposure.table}${where}`,
          )
        )
          .getRows()[0]!
          .map(Number);
        expect(counts[0]).toBeGreaterThan(0);
        const empty = catalog.filter((c, i) => counts[i + 1] === 0 && !ALWAYS_NULL.has(c.name)).map((c) => c.name);
        expect(empty).toEqual([]);
      } finally {
        conn.closeSync();
      }
    },
  );

  test('when a query selects * from a table through the sandbox, then it gets the catalogued columns', async () => {
    const hour = { startMs: WEEK.startMs, endMs: WEEK.startMs + 3_600_000 };
    const result = await run('SELECT * FROM dsp_impressions', hour);
    expect(result.columns.map((c) => c.name)).toEqual(amcTable('dsp_impressions')!.columns.map((c) => c.name));
    expect(result.rows.length).toBeGreaterThan(100);
    const col = (n: string) => result.columns.findIndex((c) => c.name === n);
    const row = result.rows[0]!;
    expect(row[col('campaign_id_string')]).toBe(row[col('campaign_id')]);
    expect(result.columns[col('impression_date')]).toMatchObject({ dataType: 'DATE' });
    expect(result.columns[col('impression_hour')]).toMatchObject({ dataType: 'INTEGER' });
  });

  test('when DSP traffic, conversions and segments are joined on user_id, then shoppers match', async () => {
    const converters = await value(`
      WITH exposed AS (SELECT user_id FROM dsp_impressions GROUP BY 1),
      buyers AS (SELECT user_id FROM conversions WHERE event_subtype = 'order' GROUP BY 1)
      SELECT COUNT(DISTINCT b.user_id) AS n FROM exposed e JOIN buyers b ON e.user_id = b.user_id`);
    expect(converters).toBeGreaterThan(500);
    const inSegment = await value(`
      SELECT COUNT(DISTINCT i.user_id) AS n FROM dsp_impressions i
      JOIN audience_segments_amer_inmarket s ON s.user_id = i.user_id WHERE s.segment_id = 410001`);
    expect(inSegment).toBeGreaterThan(500);
    const allBuyers = await value(`
      SELECT COUNT(DISTINCT a.user_id) AS n FROM conversions_all a JOIN amazon_retail_purchases r ON r.user_id = a.user_id`);
    expect(allBuyers).toBeGreaterThan(500);
    const viewersWhoStream = await value(`
      SELECT COUNT(DISTINCT p.user_id) AS n FROM amazon_pvc_streaming_events_feed p JOIN sponsored_ads_traffic s ON s.user_id = p.user_id`);
    expect(viewersWhoStream).toBeGreaterThan(100);
  });

  test('when traffic and attributed conversions are joined on campaign and traffic ids, then they match', async () => {
    const dspPairs = await value(`
      SELECT COUNT(*) AS n FROM amazon_attributed_events_by_traffic_time a
      JOIN dsp_impressions i ON i.request_tag = a.traffic_event_id AND i.campaign_id = a.campaign_id
        AND i.line_item_id = a.line_item_id AND i.creative_id = a.creative_id AND i.supply_source = a.supply_source`);
    expect(dspPairs).toBeGreaterThan(100);
    const saPairs = await value(`
      SELECT COUNT(*) AS n FROM amazon_attributed_events_by_traffic_time a
      JOIN sponsored_ads_traffic s ON s.event_id = a.traffic_event_id AND s.campaign_id_string = a.campaign_id_string
        AND coalesce(s.customer_search_term, '') = coalesce(a.customer_search_term, '')`);
    expect(saPairs).toBeGreaterThan(100);
    const strings = await value(`
      SELECT COUNT(*) AS n FROM amazon_attributed_events_by_conversion_time
      WHERE campaign_id_string <> CAST(campaign_id AS VARCHAR)`);
    expect(strings).toBe(0);
    const relevant = await value(`
      SELECT COUNT(DISTINCT r.campaign_id) AS n FROM conversions_with_relevance r
      JOIN (SELECT campaign_id FROM dsp_impressions GROUP BY 1 UNION ALL SELECT campaign_id FROM sponsored_ads_traffic GROUP BY 1) t
        ON t.campaign_id = r.campaign_id`);
    expect(relevant).toBe(18);
  });

  test('when segment columns are compared across tables, then ids agree', async () => {
    const outside = await value(`
      SELECT COUNT(*) AS n FROM dsp_impressions
      WHERE NOT list_has_all(user_behavior_segment_ids, matched_behavior_segment_ids)`);
    expect(outside).toBe(0);
    const matched = await value(`
      SELECT COUNT(*) AS n FROM dsp_impressions_by_matched_segments m
      JOIN segment_metadata s ON s.segment_id = m.behavior_segment_id WHERE m.behavior_segment_matched = 1`);
    expect(matched).toBeGreaterThan(1000);
    const unknown = await value(`
      SELECT COUNT(*) AS n FROM dsp_impressions_by_user_segments u
      LEFT JOIN segment_metadata s ON s.segment_id = u.behavior_segment_id WHERE s.segment_id IS NULL`);
    expect(unknown).toBe(0);
  });

  test('when derived time columns are checked, then they follow the event time in UTC and advertiser time', async () => {
    const mismatches = await value(`
      SELECT COUNT(*) AS n FROM dsp_impressions
      WHERE impression_date_utc <> CAST(impression_dt_utc AS DATE) OR impression_hour_utc <> hour(impression_dt_utc)
        OR impression_dt_hour_utc <> date_trunc('hour', impression_dt_utc) OR impression_day_utc <> day(impression_dt_utc)
        OR impression_date <> CAST(impression_dt AS DATE) OR impression_hour <> hour(impression_dt)`);
    expect(mismatches).toBe(0);
    // The advertiser-time columns agree with ICU's time-zone database, across both daylight-saving switches.
    const store = await dataStoreFor(DATA);
    for (const switchDay of ['2026-03-08', '2026-11-01']) {
      const day = Math.floor(Date.parse(`${switchDay}T00:00:00Z`) / DAY_MS);
      await store.ensure(['dsp_impressions'], day - 3, day + 3);
    }
    const conn = await store.connect();
    try {
      const icu = await conn.runAndReadAll(`SELECT COUNT(*), COUNT(*) FILTER (WHERE impression_dt <>
        (impression_dt_utc AT TIME ZONE 'UTC') AT TIME ZONE advertiser_timezone) FROM amc_data.dsp_impressions`);
      const [n, wrong] = icu.getRows()[0]!.map(Number);
      expect(n).toBeGreaterThan(12 * 10_000);
      expect(wrong).toBe(0);
    } finally {
      conn.closeSync();
    }
    // Across the November DST switch the Los Angeles offset moves from -7 to -8 hours.
    const offsets = await run(
      `SELECT date_diff('hour', impression_dt_utc, impression_dt) AS offset_hours, COUNT(*) AS n FROM dsp_impressions
       WHERE advertiser = 'Demo Brand' GROUP BY 1`,
      { startMs: Date.parse('2026-10-30T00:00:00Z'), endMs: Date.parse('2026-11-05T00:00:00Z') },
    );
    expect(offsets.rows.map((r) => Number(r[0])).sort()).toEqual([-7, -8]);
    const lags = await value(`
      SELECT COUNT(*) AS n FROM amazon_attributed_events_by_conversion_time
      WHERE conversion_event_dt_utc < traffic_event_dt_utc OR conversion_event_date_utc <> CAST(conversion_event_dt_utc AS DATE)`);
    expect(lags).toBe(0);
  });

  test('when a window reaches past now, then no event after now is returned and no future day is generated', async () => {
    const now = Date.now();
    const window = { startMs: now - 2 * DAY_MS, endMs: now + 3 * DAY_MS };
    const latest = async (sql: string) =>
      Date.parse(`${String((await run(sql, window)).rows[0]![0]).replace(' ', 'T')}Z`);
    const imp = await latest('SELECT MAX(impression_dt_utc) AS t FROM dsp_impressions');
    const conv = await latest('SELECT MAX(conversion_event_dt_utc) AS t FROM amazon_attributed_events_by_traffic_time');
    expect(imp).toBeLessThanOrEqual(now);
    expect(conv).toBeLessThanOrEqual(now);
    expect(imp).toBeGreaterThan(now - DAY_MS);

    const future = { startMs: now + DAY_MS, endMs: now + 8 * DAY_MS };
    expect(await value('SELECT COUNT(*) AS n FROM dsp_impressions', future)).toBe(0);
    expect(await value('SELECT COUNT(*) AS n FROM conversions_all', future)).toBe(0);
    const store = await dataStoreFor(DATA);
    const conn = await store.connect();
    try {
      const today = Math.floor(now / DAY_MS);
      const rows = await conn.runAndReadAll(
        `SELECT COUNT(*) FROM amc_data.core_dsp_impressions WHERE __day > DATE '${new Date(today * DAY_MS).toISOString().slice(0, 10)}'`,
      );
      expect(Number(rows.getRows()[0]![0])).toBe(0);
    } finally {
      conn.closeSync();
    }
  });
});
