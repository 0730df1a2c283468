import type { QueryTemplateDefinition } from '../types';
import { ALL_CAMPAIGNS, campaignsParameter } from './shared';

export const brandAndOverlapTemplates: QueryTemplateDefinition[] = [
  {
    slug: 'new-to-brand-by-campaign',
    name: 'New-to-brand purchases by campaign',
    category: 'new-to-brand',
    description:
      'Share of attributed purchases and sales from shoppers who had not bought the brand in the past 12 months.',
    sqlQuery: `SELECT campaign_id,
  ad_product_type,
  SUM(total_purchases) AS purchases,
  SUM(CASE WHEN new_to_brand THEN total_purchases ELSE 0 END) AS ntb_purchases,
  SUM(CASE WHEN new_to_brand THEN total_product_sales ELSE 0 END) AS ntb_product_sales,
  SUM(CASE WHEN new_to_brand THEN total_purchases ELSE 0 END) / CAST(NULLIF(SUM(total_purchases), 0) AS DOUBLE) AS ntb_share
FROM amazon_attributed_events_by_traffic_time
GROUP BY campaign_id, ad_product_type`,
    parameters: {},
    tags: ['new to brand', 'ntb', 'acquisition'],
    dataSources: ['amazon_attributed_events_by_traffic_time'],
  },
  {
    slug: 'new-to-brand-by-asin',
    name: 'New-to-brand shoppers by product',
    category: 'new-to-brand',
    description: 'Which tracked ASINs bring in new-to-brand customers, counted as unique purchasers.',
    sqlQuery: `SELECT tracked_asin,
  COUNT(DISTINCT user_id) AS purchasers,
  COUNT(DISTINCT CASE WHEN new_to_brand THEN user_id END) AS ntb_purchasers,
  SUM(total_product_sales) AS product_sales
FROM conversions
WHERE event_category = 'purchase'
  AND total_units_sold >= {{min_units}}
GROUP BY tracked_asin`,
    parameters: { min_units: { type: 'number', default: 1, description: 'Ignore conversion events with fewer units' } },
    tags: ['new to brand', 'asin', 'product'],
    dataSources: ['conversions'],
  },
  {
    slug: 'two-campaign-overlap',
    name: 'Audience overlap between two DSP campaigns',
    category: 'campaign-overlap',
    description: 'How many shoppers saw only campaign A, only campaign B, or both — and the impressions in each group.',
    sqlQuery: `WITH exposure AS (
  SELECT user_id,
    MAX(CASE WHEN campaign = {{campaign_a}} THEN 1 ELSE 0 END) AS in_a,
    MAX(CASE WHEN campaign = {{campaign_b}} THEN 1 ELSE 0 END) AS in_b,
    SUM(impressions) AS impressions
  FROM dsp_impressions
  WHERE campaign IN ({{campaign_a}}, {{campaign_b}})
  GROUP BY user_id
)
SELECT CASE WHEN in_a = 1 AND in_b = 1 THEN 'both' WHEN in_a = 1 THEN 'only_a' ELSE 'only_b' END AS overlap_group,
  COUNT(user_id) AS users,
  SUM(impressions) AS impressions
FROM exposure
GROUP BY CASE WHEN in_a = 1 AND in_b = 1 THEN 'both' WHEN in_a = 1 THEN 'only_a' ELSE 'only_b' END`,
    parameters: {
      campaign_a: { type: 'string', description: 'Name of the first DSP campaign' },
      campaign_b: { type: 'string', description: 'Name of the second DSP campaign' },
    },
    exampleParameters: { campaign_a: 'Summer Launch', campaign_b: "Back-to-School '26" },
    tags: ['overlap', 'dsp', 'incrementality'],
    dataSources: ['dsp_impressions'],
  },
  {
    slug: 'dsp-sponsored-ads-overlap-conversion',
    name: 'DSP and sponsored ads overlap with purchase rate',
    category: 'campaign-overlap',
    description:
      'Reach of DSP only, sponsored ads only and both, and the purchase rate of each group: does combining media lift conversion?',
    sqlQuery: `WITH dsp AS (
  SELECT user_id FROM dsp_impressions WHERE ${ALL_CAMPAIGNS} GROUP BY user_id
),
sa AS (
  SELECT user_id FROM sponsored_ads_traffic WHERE impressions > 0 GROUP BY user_id
),
exposed AS (
  SELECT COALESCE(d.user_id, s.user_id) AS user_id,
    CASE WHEN d.user_id IS NOT NULL AND s.user_id IS NOT NULL THEN 'both'
      WHEN d.user_id IS NOT NULL THEN 'dsp_only' ELSE 'sponsored_ads_only' END AS exposure_group
  FROM dsp d
  FULL OUTER JOIN sa s ON d.user_id = s.user_id
),
buyers AS (
  SELECT user_id FROM amazon_attributed_events_by_traffic_time WHERE total_purchases > 0 GROUP BY user_id
)
SELECT e.exposure_group,
  COUNT(DISTINCT e.user_id) AS reach,
  COUNT(DISTINCT b.user_id) AS purchasers,
  COUNT(DISTINCT b.user_id) / CAST(COUNT(DISTINCT e.user_id) AS DOUBLE) AS purchase_rate
FROM exposed e
LEFT JOIN buyers b ON e.user_id = b.user_id
GROUP BY e.exposure_group`,
    parameters: { campaigns: campaignsParameter },
    tags: ['overlap', 'dsp', 'sponsored ads', 'conversion rate'],
    dataSources: ['dsp_impressions', 'sponsored_ads_traffic', 'amazon_attributed_events_by_traffic_time'],
  },
];
