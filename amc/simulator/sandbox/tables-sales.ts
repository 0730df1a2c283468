/**
 * Sponsored ads traffic and everything downstream of traffic. Cores (per source day): sponsored-ads impressions and
 * clicks (one row each, as in AMC), traffic → conversion pairs with lags of up to 14 days, and conversions
 * (attributed ones, organic ones and pixel fires, plus purchases by shoppers no ad reached, which only
 * conversions_all and amazon_retail_purchases show). Views: sponsored_ads_traffic, the attributed-events tables (one
 * view; the exposures window it on conversion or traffic time), conversions, conversions_with_relevance (each ASIN
 * conversion × the campaigns that track its brand), conversions_all and amazon_retail_purchases.
 */
import { amcTable } from '../../catalog/amc-catalog';
import type { SandboxTable } from './table-def';
import { FLIGHT_TIMES, audienceColumns, campaignColumns, placementColumns, trafficJoins } from './traffic-columns';
import type { ViewSpec } from './view-columns';

const DAY_KEY = `(epoch(d.day)::BIGINT // 86400)`;
const SUBTYPE = `CASE WHEN rnd(k, 'sub') < 0.5 THEN 'order' WHEN rnd(k, 'sub') < 0.85 THEN 'detailPageView' ELSE 'shoppingCart' END`;

/** Impressions, and for clicked ones a click row seconds later (sponsored ads keep impressions and clicks apart). */
const sponsoredTraffic: SandboxTable = {
  name: 'core_sa_traffic',
  deps: [],
  select: (days, volume) => `
    WITH base AS (
      SELECT d.day, ${DAY_KEY} * 10000000 + r.i AS k, rnd(${DAY_KEY} * 10000000 + r.i, 'c') AS cu
      FROM unnest(${days}) d(day), range(${Math.round(12_000 * volume)}) r(i)
      WHERE rnd(${DAY_KEY} * 10000000 + r.i, 'keep') < CASE dayofweek(d.day) WHEN 0 THEN 0.9 WHEN 6 THEN 0.92 ELSE 1.0 END
    ), imps AS (
      SELECT b.k AS __k, b.day AS __day, c.campaign_id, c.campaign_id * 10 + 1 + floor(rnd(b.k, 'ag') * 2)::BIGINT AS line_item_id, NULL::BIGINT AS creative_id,
        (c.aud_start + floor(c.aud_size * pow(rnd(b.k, 'u'), 1.5)))::BIGINT % n_users() AS uidx,
        ts_in_day(b.day, rnd(b.k, 't')) AS impression_dt_utc, rnd(b.k, 'click') < c.ctr AS clicked
      FROM base b JOIN amc_data.sa_buckets bk ON bk.bucket = floor(b.cu * 1000)::BIGINT JOIN amc_data.campaigns c ON c.campaign_id = bk.campaign_id
    )
    SELECT i.* EXCLUDE (clicked), u.dev, i.impression_dt_utc AS event_dt_utc, 0::BIGINT AS clicks FROM imps i JOIN amc_data.users u ON u.idx = i.uidx
    UNION ALL
    SELECT i.* EXCLUDE (clicked), u.dev, i.impression_dt_utc + to_seconds(2 + floor(rnd(i.__k, 'cl') * 40)::BIGINT), 1 FROM imps i JOIN amc_data.users u ON u.idx = i.uidx
    WHERE i.clicked`,
};

/**
 * Traffic events that lead to a conversion event (orders, page views, carts) within 14 days: DSP and sponsored-ads
 * clicks 20 %, DSP impressions 3 %, SD/STV impressions 1 % (inflated so per-campaign conversion metrics clear the
 * 100-user threshold at sandbox volumes). `__tk` is the traffic's key, so traffic columns match the traffic tables.
 */
const attributed: SandboxTable = {
  name: 'core_attributed',
  deps: ['core_dsp_impressions', 'core_dsp_clicks', 'core_sa_traffic'],
  select: (days) => `
    WITH traffic AS (
      SELECT NULL::VARCHAR AS ad_product_type, campaign_id, line_item_id, creative_id, uidx, dev, __k AS __tk, __day,
        md5('imp:' || __k::VARCHAR) AS traffic_event_id, impression_dt_utc, click_dt_utc, click_dt_utc AS traffic_dt_utc, 1 AS clk, __k * 10 + 1 AS k
      FROM amc_data.core_dsp_clicks WHERE list_contains(${days}, __day) AND rnd(__k, 'conv') < 0.2
      UNION ALL
      SELECT NULL, campaign_id, line_item_id, creative_id, uidx, dev, __k, __day,
        md5('imp:' || __k::VARCHAR), impression_dt_utc, NULL::TIMESTAMP, impression_dt_utc, 0, __k * 10 + 2
      FROM amc_data.core_dsp_impressions WHERE list_contains(${days}, __day) AND rnd(__k, 'vconv') < 0.03
      UNION ALL
      SELECT c.ad_product_type, s.campaign_id, s.line_item_id, NULL::BIGINT, s.uidx, s.dev, s.__k, s.__day,
        md5('sa:' || s.__k::VARCHAR || ':' || s.clicks::VARCHAR), s.impression_dt_utc,
        CASE WHEN s.clicks = 1 THEN s.event_dt_utc END, s.event_dt_utc, s.clicks, s.__k * 10 + 3 + s.clicks
      FROM amc_data.core_sa_traffic s JOIN amc_data.campaigns c USING (campaign_id)
      WHERE list_contains(${days}, s.__day)
        AND ((s.clicks = 1 AND rnd(s.__k, 'conv') < 0.2) OR (s.clicks = 0 AND c.ad_product_type IN ('sponsored_display', 'sponsored_television') AND rnd(s.__k, 'vconv') < 0.01))
    )
    SELECT t.* EXCLUDE (k), t.k AS __k, ${SUBTYPE.replace(/\bk\b/g, 't.k')} AS subtype, rnd(t.k, 'halo') < 0.2 AS halo,
      pick(c.asins, rnd(t.k, 'asin')) AS asin, 1 + (rnd(t.k, 'units') < 0.15)::INTEGER AS units,
      t.traffic_dt_utc + to_seconds(floor(60 + (14 * 86400 - 120) * pow(rnd(t.k, 'lag'), CASE WHEN t.clk = 1 THEN 4.0 ELSE 2.5 END))::BIGINT) AS conversion_dt_utc
    FROM traffic t JOIN amc_data.campaigns c USING (campaign_id)`,
};

/** Attributed conversions, 3 000 organic ones a day (10 % pixel fires) and 1 500 purchases by unexposed shoppers. */
const conversions: SandboxTable = {
  name: 'core_conversions',
  deps: ['core_attributed'],
  select: (days, volume) => `
    WITH organic AS (
      SELECT d.day, ${DAY_KEY} * 10000000 + r.i AS k FROM unnest(${days}) d(day), range(${Math.round(3_000 * volume)}) r(i)
    ), unexposed AS (
      SELECT d.day, ${DAY_KEY} * 10000000 + 5000000 + r.i AS k FROM unnest(${days}) d(day), range(${Math.round(1_500 * volume)}) r(i)
    )
    SELECT __k, md5('conv:' || __k::VARCHAR) AS conversion_id, conversion_dt_utc AS event_dt_utc, subtype AS event_subtype, asin AS tracked_asin,
      units, uidx, false AS __all_only, __day
    FROM amc_data.core_attributed WHERE list_contains(${days}, __day)
    UNION ALL
    SELECT o.k, md5('org:' || o.k::VARCHAR), ts_in_day(o.day, rnd(o.k, 't')),
      CASE WHEN rnd(o.k, 'px') < 0.1 THEN 'pixel' ELSE ${SUBTYPE.replace(/\bk\b/g, 'o.k')} END,
      CASE WHEN rnd(o.k, 'px') < 0.1 THEN NULL ELSE pick((SELECT list(asin ORDER BY ord) FROM amc_data.asins), rnd(o.k, 'asin')) END,
      1 + (rnd(o.k, 'units') < 0.15)::INTEGER, floor(rnd(o.k, 'u') * n_users())::BIGINT, false, o.day
    FROM organic o
    UNION ALL
    SELECT x.k, md5('nx:' || x.k::VARCHAR), ts_in_day(x.day, rnd(x.k, 't')), 'order',
      pick((SELECT list(asin ORDER BY ord) FROM amc_data.asins), rnd(x.k, 'asin')),
      1 + (rnd(x.k, 'units') < 0.1)::INTEGER, floor(rnd(x.k, 'u') * n_users())::BIGINT, true, x.day
    FROM unexposed x`,
};

export const SALES_TABLES = [sponsoredTraffic, attributed, conversions];

/** Sponsored-ads columns drawn from the traffic key (the same on the traffic row and on attributed conversions). */
function sponsoredColumns(k: string): Record<string, string> {
  const kw = `pick(c.keywords, rnd(${k}, 'kw'))`;
  const keyword = `(c.ad_product_type IN ('sponsored_products', 'sponsored_brands') AND NOT starts_with(${kw}, 'asin='))`;
  return {
    ad_product_type: 'c.ad_product_type',
    targeting: kw,
    match_type: `CASE WHEN ${keyword} THEN pick(['EXACT', 'PHRASE', 'BROAD'], rnd(${k}, 'mt')) END`,
    customer_search_term: `CASE WHEN ${keyword} THEN ${kw} || pick(['', '', '', ' for men', ' for kids', ' 2026', ' best', ' cheap', ' on sale'], rnd(${k}, 'st')) END`,
    placement_type: `CASE c.ad_product_type
        WHEN 'sponsored_products' THEN pick(['Top of Search on-Amazon', 'Top of Search on-Amazon', 'Detail Page on-Amazon', 'Other on-Amazon'], rnd(${k}, 'pl'))
        WHEN 'sponsored_brands' THEN pick(['Top of Search on-Amazon', 'Other on-Amazon'], rnd(${k}, 'pl'))
        WHEN 'sponsored_display' THEN pick(['Detail Page on-Amazon', 'Off-Amazon', 'Off-Amazon'], rnd(${k}, 'pl'))
        ELSE 'Fire TV' END`,
  };
}

const SA_CREATIVE_TYPE = `CASE WHEN c.video THEN 'video' WHEN c.ad_product_type = 'sponsored_display' AND c.ord % 2 = 1 THEN 'third_party_creative' ELSE 'static_image' END`;

const sponsoredView: ViewSpec = {
  name: 'sponsored_ads_traffic',
  amcTable: 'sponsored_ads_traffic',
  from: `amc_data.core_sa_traffic s\n  ${trafficJoins('s')}`,
  key: 's.__k',
  times: { event: 's.event_dt_utc', ...FLIGHT_TIMES },
  mainTime: 'event',
  stdOffset: 'c.tz_std',
  columns: {
    ...campaignColumns(),
    ...audienceColumns('s.__k'),
    ...sponsoredColumns('s.__k'),
    creative: `li.line_item || ' | ad ' || (1 + floor(rnd(s.__k, 'ad') * 2)::BIGINT)::VARCHAR`,
    creative_asin: `CASE WHEN c.ad_product_type IN ('sponsored_products', 'sponsored_display') THEN pick(c.asins, rnd(s.__k, 'ad')) END`,
    creative_type: SA_CREATIVE_TYPE,
    impressions: '1 - s.clicks',
    clicks: 's.clicks',
    spend: `CASE WHEN c.ad_product_type IN ('sponsored_products', 'sponsored_brands')
        THEN CASE WHEN s.clicks = 1 THEN round(c.cpc * 1e8 * (0.6 + 0.8 * rnd(s.__k, 'cpc'))) ELSE 0 END
        ELSE CASE WHEN s.clicks = 0 THEN round(c.cpc * 1e5 * (0.7 + 0.6 * rnd(s.__k, 'cpc'))) ELSE 0 END END`,
    event_id: "md5('sa:' || s.__k::VARCHAR || ':' || s.clicks::VARCHAR)",
    five_sec_views: "(c.video AND s.clicks = 0 AND rnd(s.__k, 'play') < 0.7)::BIGINT",
    video_first_quartile_views: "(c.video AND s.clicks = 0 AND rnd(s.__k, 'play') < 0.6)::BIGINT",
    video_midpoint_views: "(c.video AND s.clicks = 0 AND rnd(s.__k, 'play') < 0.5)::BIGINT",
    video_third_quartile_views: "(c.video AND s.clicks = 0 AND rnd(s.__k, 'play') < 0.42)::BIGINT",
    video_complete_views: "(c.video AND s.clicks = 0 AND rnd(s.__k, 'play') < 0.35)::BIGINT",
    video_unmutes: "(c.video AND s.clicks = 0 AND rnd(s.__k, 'mute') < 0.05)::BIGINT",
    viewable_impressions: "(s.clicks = 0 AND rnd(s.__k, 'view') < 0.7)::BIGINT",
    unmeasurable_viewable_impressions: "(s.clicks = 0 AND rnd(s.__k, 'view') >= 0.97)::BIGINT",
    view_definition: "CASE WHEN s.clicks = 0 AND rnd(s.__k, 'view') < 0.7 THEN 'MRC' END",
    matched_behavior_segment_ids: `CASE WHEN c.ad_product_type = 'sponsored_display' THEN array_to_string(list_intersect(coalesce(us.segment_ids, []::INTEGER[]), [410001, 410002, 410005]), ',') END`,
    portfolio_id: '6600001 + c.advertiser_id % 2',
    portfolio_name: "c.advertiser || ' | Always-on portfolio'",
  },
  internal: { __day: 's.__day', __t: 's.event_dt_utc' },
};

/** Metric columns of the attributed-events tables by name: [new_to_brand_][brand_halo_|total_]<base>[_clicks|_views]. */
function attributedMetric(name: string): string | undefined {
  const m =
    /^(new_to_brand_)?(brand_halo_|total_)?(purchases|units_sold|product_sales|detail_page_view|add_to_cart)(_clicks|_views)?$/.exec(
      name,
    );
  if (!m) return /^digital_.*subscription_signup_purchases/.test(name) ? '0' : undefined;
  const [, ntb, scope, base, via] = m;
  const subtype = {
    purchases: 'order',
    units_sold: 'order',
    product_sales: 'order',
    detail_page_view: 'detailPageView',
    add_to_cart: 'shoppingCart',
  }[base!]!;
  const cond = [
    `a.subtype = '${subtype}'`,
    scope === 'brand_halo_' ? 'a.halo' : scope === 'total_' ? 'true' : 'NOT a.halo',
    ntb ? 'u.new_to_brand' : 'true',
    via === '_clicks' ? 'a.clk = 1' : via === '_views' ? 'a.clk = 0' : 'true',
  ].join(' AND ');
  const value = base === 'units_sold' ? 'a.units' : base === 'product_sales' ? 'ap.price * a.units' : '1';
  return `CASE WHEN ${cond} THEN ${value} ELSE 0 END`;
}

const attributedMetrics = () =>
  Object.fromEntries(
    amcTable('amazon_attributed_events_by_conversion_time')!
      .columns.map((c) => [c.name, attributedMetric(c.name)] as const)
      .filter((e): e is readonly [string, string] => e[1] !== undefined),
  );

const dspOnly = (cols: Record<string, string>) =>
  Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, `CASE WHEN a.ad_product_type IS NULL THEN ${v} END`]));

const ORDER_CLASS = `CASE a.subtype WHEN 'order' THEN 'purchase' ELSE 'website' END`;

const attributedView: ViewSpec = {
  name: 'amazon_attributed_events',
  amcTable: 'amazon_attributed_events_by_conversion_time',
  from: `amc_data.core_attributed a\n  ${trafficJoins('a')}\n  LEFT JOIN amc_data.asins ap ON ap.asin = a.asin`,
  key: 'a.__k',
  times: {
    impression: 'a.impression_dt_utc',
    click: 'a.click_dt_utc',
    traffic_event: 'a.traffic_dt_utc',
    conversion_event: 'a.conversion_dt_utc',
    ...FLIGHT_TIMES,
  },
  mainTime: 'conversion_event',
  stdOffset: 'c.tz_std',
  columns: {
    ...campaignColumns(),
    ...audienceColumns('a.__tk'),
    ...dspOnly(placementColumns('a.__tk')),
    ...sponsoredColumns('a.__tk'),
    ...attributedMetrics(),
    ad_product_type: 'a.ad_product_type',
    ad_slot_size: 'cr.creative_size',
    impressions: '1 - a.clk',
    clicks: 'a.clk',
    click_cost: '0',
    request_tag: 'a.traffic_event_id',
    traffic_event_id: 'a.traffic_event_id',
    traffic_event_type: "CASE WHEN a.clk = 1 THEN 'CLICK' ELSE 'IMPRESSION' END",
    traffic_event_subtype: "CASE WHEN a.clk = 1 THEN 'AD_CLICK' ELSE 'AD_IMP' END",
    traffic_event_marketplace_name: "'AMAZON.COM'",
    conversions: '1',
    conversion_event_category: ORDER_CLASS,
    conversion_event_subtype: 'a.subtype',
    conversion_event_type: "'CONVERSION'",
    conversion_event_type_class: "CASE a.subtype WHEN 'order' THEN 'conversion' ELSE 'consideration' END",
    conversion_event_type_description:
      "CASE a.subtype WHEN 'order' THEN 'Product purchased' WHEN 'detailPageView' THEN 'Product detail page viewed' ELSE 'Add to Shopping Cart' END",
    conversion_event_marketplace_name: "'AMAZON.COM'",
    conversion_event_name: 'NULL',
    conversion_event_source_name: 'NULL',
    tracked_asin: 'a.asin',
    tracked_item: 'a.asin',
    new_to_brand: "a.subtype = 'order' AND u.new_to_brand",
    purchase_currency: "'USD'",
    purchase_unit_price: "CASE WHEN a.subtype = 'order' THEN ap.price ELSE 0 END",
    purchase_retail_program: "CASE WHEN a.subtype = 'order' THEN 'Amazon.com' END",
    off_amazon_product_sales: '0',
    off_amazon_conversion_value: '0',
    combined_sales: "CASE WHEN a.subtype = 'order' THEN ap.price * a.units ELSE 0 END",
    deal_name: 'li.deal_name',
  },
  internal: { __day: 'a.__day', __t: 'a.conversion_dt_utc' },
};

/** Conversion columns shared by conversions, conversions_with_relevance and conversions_all (row alias e, ASIN ap). */
const conversionColumns = (): Record<string, string> => ({
  conversion_id: 'e.conversion_id',
  conversions: '1',
  event_type: "'CONVERSION'",
  event_subtype: 'e.event_subtype',
  event_category: "CASE e.event_subtype WHEN 'order' THEN 'purchase' WHEN 'pixel' THEN 'pixel' ELSE 'website' END",
  event_type_class:
    "CASE WHEN e.event_subtype = 'order' THEN 'conversion' WHEN e.event_subtype = 'pixel' THEN NULL ELSE 'consideration' END",
  event_type_description:
    "CASE e.event_subtype WHEN 'order' THEN 'Product purchased' WHEN 'detailPageView' THEN 'Product detail page viewed' WHEN 'shoppingCart' THEN 'Add to Shopping Cart' ELSE 'Pixel fire' END",
  event_source: "CASE WHEN e.event_subtype = 'pixel' THEN 'PIXEL' ELSE 'AMAZON_RETAIL' END",
  tracked_asin: 'e.tracked_asin',
  tracked_item: "coalesce(e.tracked_asin, 'pixel-' || (1 + hash(e.conversion_id) % 3)::VARCHAR)",
  total_units_sold: "CASE WHEN e.event_subtype = 'order' THEN e.units ELSE 0 END",
  total_product_sales: "CASE WHEN e.event_subtype = 'order' THEN ap.price * e.units ELSE 0 END",
  combined_sales:
    "CASE WHEN e.event_subtype = 'order' THEN ap.price * e.units WHEN e.event_subtype = 'pixel' THEN 20 + (hash(e.conversion_id) % 60) ELSE 0 END",
  off_amazon_product_sales: "CASE WHEN e.event_subtype = 'pixel' THEN 20 + (hash(e.conversion_id) % 60) ELSE 0 END",
  off_amazon_conversion_value: "CASE WHEN e.event_subtype = 'pixel' THEN 1 ELSE 0 END",
  purchase_unit_price: "CASE WHEN e.event_subtype = 'order' THEN ap.price END",
  purchase_currency: "CASE WHEN e.event_subtype = 'order' THEN 'USD' END",
  purchase_retail_program: "CASE WHEN e.event_subtype = 'order' THEN 'Amazon.com' END",
  new_to_brand: "e.event_subtype = 'order' AND u.new_to_brand",
  conversion_event_name: "CASE WHEN e.event_subtype = 'pixel' THEN 'Newsletter sign-up' END",
  conversion_event_source_name: "CASE WHEN e.event_subtype = 'pixel' THEN 'Amazon Ad Tag' END",
  conversion_event_source: "CASE WHEN e.event_subtype = 'pixel' THEN 'AMAZON_AD_TAG' END",
  marketplace_name: "'AMAZON.COM'",
  marketplace_id: '1',
  user_id: 'u.user_id',
  user_id_type: 'u.user_id_type',
  no_3p_trackers: 'u.no_3p_trackers',
});

const conversionFrom = `amc_data.core_conversions e
  JOIN amc_data.users u ON u.idx = e.uidx
  LEFT JOIN amc_data.asins ap ON ap.asin = e.tracked_asin`;

const conversionView = (name: string, extra: Partial<ViewSpec>): ViewSpec => ({
  name,
  amcTable: name,
  from: conversionFrom,
  where: 'NOT e.__all_only',
  key: 'e.__k',
  times: { event: 'e.event_dt_utc' },
  mainTime: 'event',
  columns: conversionColumns(),
  internal: { __day: 'e.__day', __t: 'e.event_dt_utc' },
  ...extra,
});

export const SALES_VIEWS: ViewSpec[] = [
  sponsoredView,
  attributedView,
  conversionView('conversions', {}),
  conversionView('conversions_with_relevance', {
    from: `${conversionFrom}
  JOIN amc_data.campaigns c ON list_contains(c.asins, e.tracked_asin)`,
    key: 'e.__k * 100 + c.ord',
    times: { event: 'e.event_dt_utc', ...FLIGHT_TIMES },
    stdOffset: 'c.tz_std',
    columns: {
      ...campaignColumns(),
      ...conversionColumns(),
      engagement_scope: "CASE WHEN list_position(c.asins, e.tracked_asin) <= 3 THEN 'PROMOTED' ELSE 'BRAND_HALO' END",
      halo_code:
        "CASE WHEN list_position(c.asins, e.tracked_asin) <= 3 THEN 'TRACKED_ASIN' ELSE 'VARIATIONAL_ASIN' END",
    },
  }),
  conversionView('conversions_all', {
    where: undefined,
    columns: {
      ...conversionColumns(),
      exposure_type:
        "CASE WHEN e.event_subtype = 'pixel' THEN 'pixel' WHEN e.__all_only THEN 'non-ad-exposed' ELSE 'ad-exposed' END",
      sns_subscription_id:
        "CASE WHEN e.event_subtype = 'order' AND rnd(e.__k, 'sns') < 0.05 THEN 'SNS-' || (hash(e.__k) % 1000000)::VARCHAR END",
    },
  }),
  conversionView('amazon_retail_purchases', {
    where: "e.event_subtype = 'order'",
    times: { purchase: 'e.event_dt_utc' },
    mainTime: 'purchase',
    columns: {
      asin: 'e.tracked_asin',
      asin_brand: 'ap.brand',
      asin_name: 'ap.asin_name',
      asin_parent: 'ap.parent',
      currency_code: "'USD'",
      event_id: "md5('rp:' || e.conversion_id)",
      purchase_id: "md5('po:' || e.conversion_id)",
      is_business_flag: "rnd(e.__k, 'biz') < 0.04",
      is_gift_flag: "rnd(e.__k, 'gift') < 0.07",
      marketplace_id: '1',
      marketplace_name: "'AMAZON.COM'",
      no_3p_trackers: 'u.no_3p_trackers',
      origin_session_id: "md5('cart:' || e.conversion_id)",
      purchase_session_id: "md5('sess:' || e.conversion_id)",
      purchase_order_method: "pick(['S', 'S', 'S', 'B', '1'], rnd(e.__k, 'pom'))",
      purchase_order_type: "CASE WHEN hash(e.conversion_id) % 10 < 7 THEN 'Prime' ELSE 'NON-PRIME' END",
      purchase_program_name: "pick(['Retail', 'Retail', 'Subscribe & Save', 'Prime Day'], rnd(e.__k, 'prog'))",
      purchase_units_sold: 'e.units',
      unit_price: 'ap.price',
      user_id: 'u.user_id',
      user_id_type: "'adUserId'",
    },
  }),
];
