/**
 * Sponsored ads traffic and everything downstream of traffic: attributed (traffic → conversion) pairs with lags of
 * up to 14 days, all conversions (attributed plus organic and pixel events), conversions × relevant campaigns,
 * conversions including non-exposed shoppers, and retail purchases. Rows are keyed by the traffic ("source") day.
 */
import type { SandboxTable } from './table-def';

const DAY_KEY = `(epoch(d.day)::BIGINT // 86400)`;
const SUBTYPE = `CASE WHEN rnd(k, 'sub') < 0.5 THEN 'order' WHEN rnd(k, 'sub') < 0.85 THEN 'detailPageView' ELSE 'shoppingCart' END`;

const sponsoredTraffic: SandboxTable = {
  name: 'sponsored_ads_traffic',
  deps: [],
  select: (days, volume) => `
    WITH base AS (
      SELECT d.day, ${DAY_KEY} * 10000000 + r.i AS k, rnd(${DAY_KEY} * 10000000 + r.i, 'c') AS cu
      FROM unnest(${days}) d(day), range(${Math.round(12_000 * volume)}) r(i)
      WHERE rnd(${DAY_KEY} * 10000000 + r.i, 'keep') < CASE dayofweek(d.day) WHEN 0 THEN 0.9 WHEN 6 THEN 0.92 ELSE 1.0 END
    ), picked AS (
      SELECT b.*, c.*, (c.aud_start + floor(c.aud_size * pow(rnd(b.k, 'u'), 1.5)))::BIGINT % n_users() AS uidx,
        rnd(b.k, 'click') < c.ctr AS clicked, pick(c.keywords, rnd(b.k, 'kw')) AS kw
      FROM base b JOIN amc_data.sa_buckets bk ON bk.bucket = floor(b.cu * 1000)::BIGINT JOIN amc_data.sa_campaigns c ON c.campaign_id = bk.campaign_id
    )
    SELECT p.ad_product_type, p.campaign, p.campaign_id, p.campaign_id::VARCHAR AS campaign_id_string,
      p.campaign || ' - AG ' || (1 + floor(rnd(p.k, 'ag') * 2)::BIGINT)::VARCHAR AS ad_group,
      p.kw AS targeting,
      CASE WHEN p.ad_product_type IN ('sponsored_products', 'sponsored_brands') AND NOT starts_with(p.kw, 'asin=') THEN pick(['EXACT', 'PHRASE', 'BROAD'], rnd(p.k, 'mt')) END AS match_type,
      CASE WHEN p.ad_product_type IN ('sponsored_products', 'sponsored_brands') AND NOT starts_with(p.kw, 'asin=')
        THEN p.kw || pick(['', '', '', ' for men', ' for kids', ' 2026', ' best', ' cheap', ' on sale'], rnd(p.k, 'st')) END AS customer_search_term,
      CASE p.ad_product_type
        WHEN 'sponsored_products' THEN pick(['Top of Search on-Amazon', 'Top of Search on-Amazon', 'Detail Page on-Amazon', 'Other on-Amazon'], rnd(p.k, 'pl'))
        WHEN 'sponsored_brands' THEN pick(['Top of Search on-Amazon', 'Other on-Amazon'], rnd(p.k, 'pl'))
        WHEN 'sponsored_display' THEN pick(['Detail Page on-Amazon', 'Off-Amazon', 'Off-Amazon'], rnd(p.k, 'pl'))
        ELSE 'Fire TV' END AS placement_type,
      ts_in_day(p.day, rnd(p.k, 't')) AS event_dt_utc, CAST(ts_in_day(p.day, rnd(p.k, 't')) AS DATE) AS event_date_utc,
      1::BIGINT AS impressions, p.clicked::BIGINT AS clicks,
      CASE WHEN p.ad_product_type IN ('sponsored_products', 'sponsored_brands')
        THEN CASE WHEN p.clicked THEN round(p.cpc * 1e8 * (0.6 + 0.8 * rnd(p.k, 'cpc')))::BIGINT ELSE 0 END
        ELSE round(p.cpc * 1e5 * (0.7 + 0.6 * rnd(p.k, 'cpc')))::BIGINT END AS spend,
      md5('sa:' || p.k::VARCHAR) AS event_id, u.user_id, u.user_id_type,
      p.asins AS __asins, p.day AS __day, p.k AS __k
    FROM picked p JOIN amc_data.users u ON u.idx = p.uidx`,
};

/** Traffic events that lead to a conversion event (orders, page views, carts) within 14 days: DSP and sponsored-ads clicks 20 %, DSP views 3 %, SD/STV views 1 % (inflated so per-campaign conversion metrics clear the 100-user threshold at sandbox volumes). */
const attributed: SandboxTable = {
  name: 'attributed_events',
  deps: ['dsp_impressions', 'dsp_clicks', 'sponsored_ads_traffic'],
  select: (days) => `
    WITH traffic AS (
      SELECT NULL::VARCHAR AS ad_product_type, c.campaign, c.campaign_id, c.click_dt_utc AS t, c.request_tag AS traffic_event_id, 0 AS imp, 1 AS clk,
        c.user_id, c.__day, c.__k * 10 + 1 AS k, dc.asins
      FROM amc_data.dsp_clicks c JOIN amc_data.dsp_campaigns dc USING (campaign_id)
      WHERE list_contains(${days}, c.__day) AND rnd(c.__k, 'conv') < 0.2
      UNION ALL
      SELECT NULL, i.campaign, i.campaign_id, i.impression_dt_utc, i.request_tag, 1, 0, i.user_id, i.__day, i.__k * 10 + 2, dc.asins
      FROM amc_data.dsp_impressions i JOIN amc_data.dsp_campaigns dc USING (campaign_id)
      WHERE list_contains(${days}, i.__day) AND rnd(i.__k, 'vconv') < 0.03
      UNION ALL
      SELECT s.ad_product_type, s.campaign, s.campaign_id, s.event_dt_utc, s.event_id, 1 - s.clicks, s.clicks, s.user_id, s.__day, s.__k * 10 + 3, s.__asins
      FROM amc_data.sponsored_ads_traffic s
      WHERE list_contains(${days}, s.__day)
        AND ((s.clicks = 1 AND rnd(s.__k, 'conv') < 0.2) OR (s.clicks = 0 AND s.ad_product_type IN ('sponsored_display', 'sponsored_television') AND rnd(s.__k, 'vconv') < 0.01))
    ), shaped AS (
      SELECT *, ${SUBTYPE} AS subtype, rnd(k, 'halo') < 0.2 AS halo, pick(asins, rnd(k, 'asin')) AS asin, 1 + (rnd(k, 'units') < 0.15)::INTEGER AS units,
        t + to_seconds(floor(60 + (14 * 86400 - 120) * pow(rnd(k, 'lag'), CASE WHEN clk = 1 THEN 4.0 ELSE 2.5 END))::BIGINT) AS conv_t
      FROM traffic
    )
    SELECT s.ad_product_type, s.campaign, s.campaign_id, s.t AS traffic_event_dt_utc, s.conv_t AS conversion_event_dt_utc,
      s.traffic_event_id, s.subtype AS conversion_event_subtype, s.asin AS tracked_asin,
      s.imp::BIGINT AS impressions, s.clk::BIGINT AS clicks,
      (s.subtype = 'order' AND NOT s.halo)::BIGINT AS purchases, (s.subtype = 'order')::BIGINT AS total_purchases,
      CAST(CASE WHEN s.subtype = 'order' AND NOT s.halo THEN a.price * s.units ELSE 0 END AS DECIMAL(38,4)) AS product_sales,
      CAST(CASE WHEN s.subtype = 'order' THEN a.price * s.units ELSE 0 END AS DECIMAL(38,4)) AS total_product_sales,
      s.subtype = 'order' AND u.new_to_brand AS new_to_brand,
      s.user_id, u.user_id_type, md5('conv:' || s.k::VARCHAR) AS conversion_id, s.units AS __units, a.brand AS __brand, s.__day, s.k AS __k
    FROM shaped s JOIN amc_data.asins a ON a.asin = s.asin JOIN amc_data.users u ON u.user_id = s.user_id`,
};

/** Attributed conversions plus organic ones (3 000 a day: purchases, page views, carts and off-Amazon pixel fires). */
const conversions: SandboxTable = {
  name: 'conversions',
  deps: ['attributed_events'],
  select: (days, volume) => `
    WITH organic AS (
      SELECT d.day, ${DAY_KEY} * 10000000 + r.i AS k FROM unnest(${days}) d(day), range(${Math.round(3_000 * volume)}) r(i)
    ), events AS (
      SELECT conversion_id, conversion_event_dt_utc AS event_dt_utc, conversion_event_subtype AS event_subtype, tracked_asin,
        __units AS units, total_product_sales, new_to_brand, user_id, user_id_type, true AS __exposed, __day
      FROM amc_data.attributed_events WHERE list_contains(${days}, __day)
      UNION ALL
      SELECT md5('org:' || o.k::VARCHAR), ts_in_day(o.day, rnd(o.k, 't')),
        CASE WHEN rnd(o.k, 'px') < 0.1 THEN 'pixel' ELSE ${SUBTYPE.replace(/\bk\b/g, 'o.k')} END,
        CASE WHEN rnd(o.k, 'px') < 0.1 THEN NULL ELSE a.asin END, 1 + (rnd(o.k, 'units') < 0.15)::INTEGER,
        CAST(a.price * (1 + (rnd(o.k, 'units') < 0.15)::INTEGER) AS DECIMAL(38,4)), u.new_to_brand, u.user_id, u.user_id_type, false, o.day
      FROM organic o JOIN amc_data.users u ON u.idx = floor(rnd(o.k, 'u') * n_users())::BIGINT
        JOIN amc_data.asins a ON a.ord = floor(rnd(o.k, 'asin') * n_asins())::BIGINT
    )
    SELECT conversion_id, event_dt_utc, CAST(event_dt_utc AS DATE) AS event_date_utc, 'CONVERSION' AS event_type, event_subtype,
      CASE event_subtype WHEN 'order' THEN 'purchase' WHEN 'pixel' THEN 'pixel' ELSE 'website' END AS event_category,
      CASE WHEN event_subtype = 'order' THEN 'conversion' WHEN event_subtype = 'pixel' THEN NULL ELSE 'consideration' END AS event_type_class,
      tracked_asin, coalesce(tracked_asin, 'pixel-' || (1 + hash(conversion_id) % 3)::VARCHAR) AS tracked_item, 1::BIGINT AS conversions,
      CASE WHEN event_subtype = 'order' THEN units ELSE 0 END::BIGINT AS total_units_sold,
      CASE WHEN event_subtype = 'order' THEN total_product_sales ELSE 0 END::DECIMAL(38,4) AS total_product_sales,
      event_subtype = 'order' AND new_to_brand AS new_to_brand, user_id, user_id_type, __exposed, __day
    FROM events`,
};

/** Each ASIN conversion × the campaigns of its brand: PROMOTED for the first three brand ASINs, else BRAND_HALO. */
const relevance: SandboxTable = {
  name: 'conversions_with_relevance',
  deps: ['conversions'],
  select: (days) => `
    WITH campaigns AS (
      SELECT advertiser_id, campaign, campaign_id, campaign_id::VARCHAR AS campaign_id_string, asins FROM amc_data.dsp_campaigns
      UNION ALL
      SELECT 5550001 + (campaign LIKE '%Camping%' OR campaign LIKE '%Outdoor%')::INTEGER, campaign, campaign_id, campaign_id::VARCHAR, asins FROM amc_data.sa_campaigns
    )
    SELECT c.advertiser_id, c.campaign, c.campaign_id, c.campaign_id_string,
      CASE WHEN list_position(c.asins, v.tracked_asin) <= 3 THEN 'PROMOTED' ELSE 'BRAND_HALO' END AS engagement_scope,
      CASE WHEN list_position(c.asins, v.tracked_asin) <= 3 THEN 'TRACKED_ASIN' ELSE 'VARIATIONAL_ASIN' END AS halo_code,
      v.conversion_id, v.event_dt_utc, v.event_category, v.tracked_asin, 1::BIGINT AS conversions, v.total_product_sales, v.user_id, v.__day
    FROM amc_data.conversions v JOIN campaigns c ON list_contains(c.asins, v.tracked_asin)
    WHERE list_contains(${days}, v.__day)`,
};

/** conversions plus 1 500 purchases a day by shoppers never exposed to ads. */
const conversionsAll: SandboxTable = {
  name: 'conversions_all',
  deps: ['conversions'],
  select: (days, volume) => `
    SELECT conversion_id, event_dt_utc, event_type, event_subtype, event_category,
      CASE WHEN event_subtype = 'pixel' THEN 'pixel' WHEN __exposed THEN 'ad-exposed' ELSE 'non-ad-exposed' END AS exposure_type,
      tracked_asin, conversions, total_units_sold, total_product_sales, new_to_brand, user_id, __day
    FROM amc_data.conversions WHERE list_contains(${days}, __day)
    UNION ALL
    SELECT md5('nx:' || k::VARCHAR), ts_in_day(day, rnd(k, 't')), 'CONVERSION', 'order', 'purchase', 'non-ad-exposed', a.asin, 1,
      1 + (rnd(k, 'units') < 0.1)::INTEGER, CAST(a.price * (1 + (rnd(k, 'units') < 0.1)::INTEGER) AS DECIMAL(38,4)), rnd(k, 'ntb') < 0.6,
      substr(md5('nx-user:' || (hash(k) % 30000)::VARCHAR), 1, 24), day
    FROM (SELECT d.day, ${DAY_KEY} * 10000000 + r.i AS k FROM unnest(${days}) d(day), range(${Math.round(1_500 * volume)}) r(i)) o
      JOIN amc_data.asins a ON a.ord = floor(rnd(k, 'asin') * n_asins())::BIGINT`,
};

const retail: SandboxTable = {
  name: 'amazon_retail_purchases',
  deps: ['conversions_all'],
  select: (days) => `
    SELECT c.tracked_asin AS asin, a.brand AS asin_brand, a.parent AS asin_parent, c.event_dt_utc AS purchase_dt_utc,
      CAST(c.event_dt_utc AS DATE) AS purchase_date_utc, md5('po:' || c.conversion_id) AS purchase_id, c.conversion_id AS event_id,
      c.total_units_sold AS purchase_units_sold, CAST(a.price AS DECIMAL(38,4)) AS unit_price, 'USD' AS currency_code,
      CASE WHEN hash(c.conversion_id) % 10 < 7 THEN 'Prime' ELSE 'NON-PRIME' END AS purchase_order_type, 'AMAZON.COM' AS marketplace_name,
      c.user_id, c.__day
    FROM amc_data.conversions_all c JOIN amc_data.asins a ON a.asin = c.tracked_asin
    WHERE list_contains(${days}, c.__day) AND c.event_subtype = 'order'`,
};

export const SALES_TABLES = [sponsoredTraffic, attributed, conversions, relevance, conversionsAll, retail];
