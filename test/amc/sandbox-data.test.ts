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

/** A run through the sandbox's whole path (AMC SQL → DuckDB, windowed views, user lineage). */
const run = (sqlQuery: string, window = WEEK) => {
  const input = {
    sqlQuery: sqlQuery.trim(),
    inputParameters: [],
    params: {},
    window,
    data: DATA,
    maxDays: 120,
    userCap: 100,
  };
  return runSandboxQuery(input);
};
const value = async (sqlQuery: string, window = WEEK) => Number((await run(sqlQuery, window)).rows[0]![0]);

/** An AMC table as a query sees it, as a DuckDB subquery: its view, filtered to the window (days generated first). */
async function windowed(name: string, window = WEEK): Promise<string> {
  const e = exposureOf(name)!;
  const store = await dataStoreFor(DATA);
  await store.ensure([e.table], Math.floor(window.startMs / DAY_MS) - e.lagDays, Math.ceil(window.endMs / DAY_MS));
  const ts = (ms: number) => `TIMESTAMP '${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`;
  const where = [
    e.filter,
    e.timeColumn &&
      `CAST(${e.timeColumn} AS TIMESTAMP) >= ${ts(window.startMs)} AND CAST(${e.timeColumn} AS TIMESTAMP) < ${ts(window.endMs)}`,
  ].filter(Boolean);
  return `(SELECT * FROM amc_data.${e.table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''})`;
}

/** Runs DuckDB SQL in which `{table}` stands for that AMC table over the window; returns the first cell. */
async function duck(sql: string, window = WEEK): Promise<number> {
  let text = sql;
  for (const name of new Set([...sql.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))
    text = text.replaceAll(`{${name}}`, await windowed(name, window));
  const conn = await (await dataStoreFor(DATA)).connect();
  try {
    return Number((await conn.runAndReadAll(text)).getRows()[0]![0]);
  } finally {
    conn.closeSync();
  }
}

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

  test('when a whole row of a table is read, then its values agree with each other', async () => {
    const conn = await (await dataStoreFor(DATA)).connect();
    try {
      const rows = (
        await conn.runAndReadAll(`SELECT * FROM ${await windowed('dsp_impressions')} LIMIT 500`)
      ).getRowsJson();
      expect(rows).toHaveLength(500);
      const names = amcTable('dsp_impressions')!.columns.map((c) => c.name);
      const col = (n: string) => names.indexOf(n);
      for (const row of rows) {
        expect(row[col('campaign_id_string')]).toBe(row[col('campaign_id')]);
        expect(String(row[col('line_item_id')]).startsWith(String(row[col('campaign_id')]))).toBe(true);
        expect(String(row[col('creative_id')]).startsWith(String(row[col('line_item_id')]))).toBe(true);
        expect(row[col('currency_name')]).toBe('Dollar (USA)');
        expect(row[col('iso_state_province_code')]).toMatch(/^US-[A-Z]{2}$/);
        expect(['CPM', 'VCPM']).toContain(row[col('line_item_price_type')]);
      }
    } finally {
      conn.closeSync();
    }
  });

  test('when DSP traffic, conversions and segments are joined on user_id, then shoppers match', async () => {
    // Through the whole sandbox path, in plain AMC SQL.
    const converters = await value(`
      WITH exposed AS (SELECT user_id, COUNT(*) AS n FROM dsp_impressions GROUP BY user_id),
      buyers AS (SELECT user_id, COUNT(*) AS n FROM conversions WHERE event_subtype = 'order' GROUP BY user_id)
      SELECT COUNT(DISTINCT b.user_id) AS n FROM exposed e JOIN buyers b ON e.user_id = b.user_id`);
    expect(converters).toBeGreaterThan(500);
    const inSegment = await value(`
      SELECT COUNT(DISTINCT i.user_id) AS n FROM dsp_impressions i
      JOIN audience_segments_amer_inmarket s ON s.user_id = i.user_id WHERE s.segment_id = 410001`);
    expect(inSegment).toBeGreaterThan(500);
    expect(
      await duck(
        'SELECT COUNT(DISTINCT a.user_id) FROM {conversions_all} a JOIN {amazon_retail_purchases} r ON r.user_id = a.user_id',
      ),
    ).toBeGreaterThan(500);
    expect(
      await duck(
        'SELECT COUNT(DISTINCT p.user_id) FROM {amazon_pvc_streaming_events_feed} p JOIN {sponsored_ads_traffic} s ON s.user_id = p.user_id',
      ),
    ).toBeGreaterThan(100);
    expect(
      await duck(
        'SELECT COUNT(DISTINCT b.user_id) FROM {amazon_brand_store_page_views} b JOIN {dsp_impressions_for_audiences} i ON i.user_id = b.user_id',
      ),
    ).toBeGreaterThan(100);
  });

  test('when traffic and attributed conversions are joined on campaign and traffic ids, then they match', async () => {
    const dspPairs = await duck(`
      SELECT COUNT(*) FROM {amazon_attributed_events_by_traffic_time} a
      JOIN {dsp_impressions} i ON i.request_tag = a.traffic_event_id AND i.campaign_id = a.campaign_id
        AND i.line_item_id = a.line_item_id AND i.creative_id = a.creative_id AND i.supply_source = a.supply_source
        AND i.impression_dt_utc = a.impression_dt_utc`);
    expect(dspPairs).toBeGreaterThan(100);
    const saPairs = await duck(`
      SELECT COUNT(*) FROM {amazon_attributed_events_by_traffic_time} a
      JOIN {sponsored_ads_traffic} s ON s.event_id = a.traffic_event_id AND s.campaign_id_string = a.campaign_id_string
        AND s.customer_search_term IS NOT DISTINCT FROM a.customer_search_term AND s.clicks = a.clicks`);
    expect(saPairs).toBeGreaterThan(100);
    expect(
      await duck(
        'SELECT COUNT(*) FROM {amazon_attributed_events_by_conversion_time} WHERE campaign_id_string <> CAST(campaign_id AS VARCHAR)',
      ),
    ).toBe(0);
    const relevant = await duck(`
      SELECT COUNT(DISTINCT r.campaign_id) FROM {conversions_with_relevance} r
      JOIN (SELECT campaign_id FROM {dsp_impressions} UNION SELECT campaign_id FROM {sponsored_ads_traffic}) t
        ON t.campaign_id = r.campaign_id`);
    expect(relevant).toBe(18);
    const attributedPurchases = await duck(`
      SELECT COUNT(*) FROM {amazon_attributed_events_by_conversion_time} a
      JOIN {conversions} c ON c.user_id = a.user_id AND c.tracked_asin = a.tracked_asin
        AND c.event_dt_utc = a.conversion_event_dt_utc AND a.total_purchases = 1 AND c.event_subtype = 'order'`);
    expect(attributedPurchases).toBeGreaterThan(100);
  });

  test('when segment columns are compared across tables, then ids agree', async () => {
    expect(
      await duck(
        'SELECT COUNT(*) FROM {dsp_impressions} WHERE NOT list_has_all(user_behavior_segment_ids, matched_behavior_segment_ids)',
      ),
    ).toBe(0);
    expect(
      await duck(`SELECT COUNT(*) FROM {dsp_impressions_by_matched_segments} m
        JOIN {segment_metadata} s ON s.segment_id = m.behavior_segment_id WHERE m.behavior_segment_matched = 1`),
    ).toBeGreaterThan(1000);
    expect(
      await duck(`SELECT COUNT(*) FROM {dsp_impressions_by_user_segments} u
        LEFT JOIN {segment_metadata} s ON s.segment_id = u.behavior_segment_id WHERE s.segment_id IS NULL`),
    ).toBe(0);
    expect(
      await duck(`SELECT COUNT(*) FROM {dsp_impressions_by_user_segments} u JOIN {dsp_impressions} i ON i.request_tag = u.request_tag
        WHERE NOT list_contains(i.user_behavior_segment_ids, u.behavior_segment_id)`),
    ).toBe(0);
  });

  test('when derived time columns are checked, then they follow the event time in UTC and advertiser time', async () => {
    expect(
      await duck(`SELECT COUNT(*) FROM {dsp_impressions}
        WHERE impression_date_utc <> CAST(impression_dt_utc AS DATE) OR impression_hour_utc <> hour(impression_dt_utc)
          OR impression_dt_hour_utc <> date_trunc('hour', impression_dt_utc) OR impression_day_utc <> day(impression_dt_utc)
          OR impression_date <> CAST(impression_dt AS DATE) OR impression_hour <> hour(impression_dt)`),
    ).toBe(0);
    // The advertiser-time columns agree with ICU's time-zone database across both daylight-saving switches, when
    // the Los Angeles offset moves between -7 and -8 hours.
    for (const [start, end] of [
      ['2026-03-05', '2026-03-11'],
      ['2026-10-29', '2026-11-04'],
    ]) {
      const window = { startMs: Date.parse(`${start}T00:00:00Z`), endMs: Date.parse(`${end}T00:00:00Z`) };
      expect(
        await duck(
          `SELECT COUNT(*) FROM {dsp_impressions} WHERE impression_dt <> (impression_dt_utc AT TIME ZONE 'UTC') AT TIME ZONE advertiser_timezone`,
          window,
        ),
      ).toBe(0);
      expect(
        await duck(
          `SELECT COUNT(DISTINCT date_diff('hour', impression_dt_utc, impression_dt)) FROM {dsp_impressions} WHERE advertiser = 'Demo Brand'`,
          window,
        ),
      ).toBe(2);
    }
    expect(
      await duck(`SELECT COUNT(*) FROM {amazon_attributed_events_by_conversion_time}
        WHERE conversion_event_dt_utc < traffic_event_dt_utc OR conversion_event_date_utc <> CAST(conversion_event_dt_utc AS DATE)
          OR conversion_event_dt_utc > traffic_event_dt_utc + INTERVAL 14 DAY`),
    ).toBe(0);
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
