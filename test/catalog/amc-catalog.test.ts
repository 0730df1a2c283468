/**
 * The AMC table catalog (amc/catalog/amc-tables.json) is complete and explicit: every table names the
 * documentation it comes from, every column has a type, a metric/dimension kind and an aggregation threshold,
 * the columns published queries use exist, and retired table names fail as AMC fails them, naming the successor.
 */
import {
  AMC_TABLES,
  RETIRED_TABLES,
  amcTable,
  retiredTable,
  typeLabel,
  type AmcColumn,
} from '../../amc/catalog/amc-catalog';
import { isKnownTable } from '../../amc/simulator/catalog';
import { compileAmcSql, SqlCompileError } from '../../amc/simulator/sql-compiler';

const TYPES = ['STRING', 'LONG', 'INTEGER', 'DECIMAL', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'ARRAY'];
const THRESHOLDS = ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH', 'INTERNAL'];
const column = (table: string, name: string): AmcColumn | undefined =>
  amcTable(table)?.columns.find((c) => c.name === name);

describe('AMC table catalog', () => {
  test.each(AMC_TABLES.map((t) => [t.name, t] as const))(
    'when table %s is read, then it has a source and every column a type, kind and threshold',
    (_name, t) => {
      expect(t.source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/.+\.md$/);
      expect(t.documentation).toMatch(/^https:\/\/advertising\.amazon\.com\//);
      expect(t.description.length).toBeGreaterThan(20);
      expect(t.columns.length).toBeGreaterThan(0);
      expect(new Set(t.columns.map((c) => c.name)).size).toBe(t.columns.length);
      for (const c of t.columns) {
        expect({ column: c.name, ok: /^[a-z0-9_]+$/.test(c.name) }).toEqual({ column: c.name, ok: true });
        expect(TYPES).toContain(c.type);
        if (c.type === 'ARRAY') expect(TYPES).toContain(c.itemType);
        expect(['metric', 'dimension']).toContain(c.kind);
        expect(THRESHOLDS).toContain(c.threshold);
        expect(c.description.length).toBeGreaterThan(5);
      }
    },
  );

  test('when the tables published queries use are looked up, then each exists, with its audience twin', () => {
    const names = [
      'dsp_impressions',
      'dsp_clicks',
      'dsp_views',
      'dsp_video_events_feed',
      'dsp_impressions_by_matched_segments',
      'dsp_impressions_by_user_segments',
      'sponsored_ads_traffic',
      'amazon_attributed_events_by_conversion_time',
      'amazon_attributed_events_by_traffic_time',
      'conversions',
      'conversions_with_relevance',
      'conversions_all',
      'amazon_retail_purchases',
      'audience_segments_amer_inmarket',
      'audience_segments_eu_lifestyle_snapshot',
      'segment_metadata',
      'amazon_brand_store_page_views',
      'amazon_brand_store_engagement_events',
      'amazon_pvc_enrollments',
      'amazon_pvc_streaming_events_feed',
      'amazon_your_garage',
      'experian_vehicle_purchases',
    ];
    for (const name of names) expect({ name, known: isKnownTable(name) }).toEqual({ name, known: true });
    for (const twin of [
      'dsp_impressions_for_audiences',
      'conversions_for_audiences',
      'conversions_all_for_audiences',
      'amazon_brand_store_engagement_events_for_audiences',
      'amazon_attributed_events_by_traffic_time_for_audiences',
    ]) {
      const t = amcTable(twin);
      expect(t).toMatchObject({ category: 'AMC Audiences', audienceTable: null });
      expect(t!.columns).toEqual(amcTable(t!.audienceOf!)!.columns);
    }
    expect(amcTable('experian_vehicle_purchases')!.audienceTable).toBeNull();
    expect(AMC_TABLES.length).toBeGreaterThanOrEqual(60);
  });

  test('when the columns named in issue 13 are looked up, then they carry the documented types and thresholds', () => {
    for (const name of ['impression_date', 'impression_hour', 'currency_name', 'advertiser_id', 'line_item_price_type'])
      expect(column('dsp_impressions', name)).toBeDefined();
    expect(column('dsp_impressions', 'impression_date')).toMatchObject({ type: 'DATE', threshold: 'LOW' });
    expect(column('dsp_impressions', 'impression_hour')).toMatchObject({ type: 'INTEGER', kind: 'dimension' });
    expect(column('dsp_impressions', 'user_id')).toMatchObject({ type: 'STRING', threshold: 'VERY_HIGH' });
    expect(column('dsp_impressions', 'postal_code')).toMatchObject({ threshold: 'HIGH' });
    expect(column('dsp_impressions', 'impressions')).toMatchObject({ type: 'LONG', kind: 'metric', threshold: 'NONE' });
    expect(column('dsp_impressions', 'user_behavior_segment_ids')).toMatchObject({
      type: 'ARRAY',
      itemType: 'INTEGER',
    });
    for (const t of ['amazon_attributed_events_by_conversion_time', 'amazon_attributed_events_by_traffic_time'])
      expect(column(t, 'campaign_id_string')).toMatchObject({ type: 'STRING' });
    expect(column('dsp_impressions', 'iso_state_province_code')).toBeDefined();
    expect(column('conversions_all', 'sns_subscription_id')).toMatchObject({ type: 'STRING', threshold: 'INTERNAL' });
    const sales = column('conversions', 'total_product_sales')!;
    expect(typeLabel(sales)).toBe('DECIMAL(38,4)');
    expect(column('conversions', 'new_to_brand')).toMatchObject({ type: 'BOOLEAN' });
  });

  test('when a fact was missing from the documentation, then the column says it was inferred', () => {
    const inferred = AMC_TABLES.flatMap((t) => t.columns.filter((c) => c.inferred).map((c) => `${t.name}.${c.name}`));
    expect(inferred).toContain('amazon_attributed_events_by_conversion_time.advertiser');
    for (const t of AMC_TABLES)
      for (const c of t.columns)
        for (const fact of c.inferred ?? []) expect(['threshold', 'kind', 'itemType']).toContain(fact);
  });

  test.each(Object.keys(RETIRED_TABLES))(
    'when retired table %s is queried, then compiling fails as an unknown table naming what replaced it',
    (name) => {
      const retired = retiredTable(name)!;
      expect(isKnownTable(name)).toBe(false);
      let error: unknown;
      try {
        compileAmcSql(`SELECT COUNT(*) AS n FROM ${name}`, []);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SqlCompileError);
      const message = (error as Error).message;
      expect(message).toContain(`Object '${name}' not found`);
      if (retired.replacement) {
        expect(isKnownTable(retired.replacement)).toBe(true);
        expect(message).toContain(`use ${retired.replacement} instead`);
      } else expect(message).toContain('retired');
    },
  );

  test('when the retired names issue 13 lists are looked up, then each points at its successor', () => {
    expect(retiredTable('display_impressions')?.replacement).toBe('dsp_impressions');
    expect(retiredTable('AMAZON_ATTRIBUTED_CONVERSIONS_BY_TRAFFIC_TIME')?.replacement).toBe(
      'amazon_attributed_events_by_traffic_time',
    );
    expect(retiredTable('amazon_attributed_conversions_by_conversion_time')?.replacement).toBe(
      'amazon_attributed_events_by_conversion_time',
    );
    expect(retiredTable('dsp_impressions')).toBeUndefined();
    expect(retiredTable('constructor')).toBeUndefined();
  });
});
