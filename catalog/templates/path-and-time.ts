import type { QueryTemplateDefinition } from '../types';

export const pathAndTimeTemplates: QueryTemplateDefinition[] = [
  {
    slug: 'ad-product-path-to-purchase',
    name: 'Ad product combinations on the path to purchase',
    category: 'path-to-conversion',
    description:
      'Which combinations of DSP, Sponsored Products, Sponsored Brands and Sponsored Display exposure shoppers had, and how many of each combination went on to buy.',
    sqlQuery: `WITH touches AS (
  SELECT user_id, 'dsp' AS channel FROM dsp_impressions GROUP BY user_id
  UNION ALL
  SELECT user_id, ad_product_type AS channel FROM sponsored_ads_traffic WHERE impressions > 0 GROUP BY user_id, ad_product_type
),
paths AS (
  SELECT user_id,
    MAX(CASE WHEN channel = 'dsp' THEN 1 ELSE 0 END) AS saw_dsp,
    MAX(CASE WHEN channel = 'sponsored_products' THEN 1 ELSE 0 END) AS saw_sp,
    MAX(CASE WHEN channel = 'sponsored_brands' THEN 1 ELSE 0 END) AS saw_sb,
    MAX(CASE WHEN channel = 'sponsored_display' THEN 1 ELSE 0 END) AS saw_sd
  FROM touches
  GROUP BY user_id
),
buyers AS (
  SELECT user_id, SUM(total_purchases) AS purchases, SUM(total_product_sales) AS sales
  FROM amazon_attributed_events_by_traffic_time
  WHERE total_purchases > 0
  GROUP BY user_id
)
SELECT p.saw_dsp, p.saw_sp, p.saw_sb, p.saw_sd,
  COUNT(DISTINCT p.user_id) AS reach,
  COUNT(DISTINCT b.user_id) AS purchasers,
  SUM(b.purchases) AS purchases,
  SUM(b.sales) AS product_sales
FROM paths p
LEFT JOIN buyers b ON p.user_id = b.user_id
GROUP BY p.saw_dsp, p.saw_sp, p.saw_sb, p.saw_sd`,
    parameters: {},
    tags: ['path to conversion', 'multi-touch', 'dsp', 'sponsored ads'],
    dataSources: ['dsp_impressions', 'sponsored_ads_traffic', 'amazon_attributed_events_by_traffic_time'],
  },
  {
    slug: 'touches-before-purchase',
    name: 'Ad touches before purchase',
    category: 'path-to-conversion',
    description: 'How many attributed ad impressions and clicks purchasers had before buying, bucketed up to a cap.',
    sqlQuery: `WITH purchaser_touches AS (
  SELECT user_id, SUM(impressions) + SUM(clicks) AS touches
  FROM amazon_attributed_events_by_conversion_time
  WHERE purchases > 0
  GROUP BY user_id
)
SELECT CASE WHEN touches >= {{max_touches}} THEN {{max_touches}} ELSE touches END AS touches_bucket,
  COUNT(user_id) AS purchasers
FROM purchaser_touches
GROUP BY CASE WHEN touches >= {{max_touches}} THEN {{max_touches}} ELSE touches END`,
    parameters: {
      max_touches: { type: 'number', default: 10, description: 'Touch counts at or above this share a bucket' },
    },
    tags: ['path to conversion', 'path length', 'attribution'],
    dataSources: ['amazon_attributed_events_by_conversion_time'],
  },
  {
    slug: 'time-to-conversion-distribution',
    name: 'Time from ad to purchase',
    category: 'time-to-conversion',
    description:
      'How long after an ad impression or click shoppers purchase: same hour, same day, within a week, or later.',
    sqlQuery: `WITH lags AS (
  SELECT ad_product_type,
    SECONDS_BETWEEN(traffic_event_dt_utc, conversion_event_dt_utc) AS lag_seconds,
    purchases
  FROM amazon_attributed_events_by_conversion_time
  WHERE purchases > 0
)
SELECT ad_product_type,
  CASE
    WHEN lag_seconds < 3600 THEN '0-1 hours'
    WHEN lag_seconds < 86400 THEN '1-24 hours'
    WHEN lag_seconds < 604800 THEN '1-7 days'
    ELSE '7+ days'
  END AS time_to_purchase,
  SUM(purchases) AS purchases
FROM lags
GROUP BY 1, 2`,
    parameters: {},
    tags: ['time to conversion', 'attribution', 'latency'],
    dataSources: ['amazon_attributed_events_by_conversion_time'],
  },
  {
    slug: 'avg-days-to-purchase-by-campaign',
    name: 'Average days to purchase by campaign',
    category: 'time-to-conversion',
    description: 'For each campaign, the average and longest time between the attributed ad event and the purchase.',
    sqlQuery: `SELECT campaign_id,
  ad_product_type,
  SUM(purchases) AS purchases,
  AVG(SECONDS_BETWEEN(traffic_event_dt_utc, conversion_event_dt_utc) / 86400.0) AS avg_days_to_purchase,
  MAX(SECONDS_BETWEEN(traffic_event_dt_utc, conversion_event_dt_utc) / 86400.0) AS max_days_to_purchase
FROM amazon_attributed_events_by_traffic_time
WHERE purchases > 0
GROUP BY campaign_id, ad_product_type`,
    parameters: {},
    tags: ['time to conversion', 'campaign'],
    dataSources: ['amazon_attributed_events_by_traffic_time'],
  },
];
