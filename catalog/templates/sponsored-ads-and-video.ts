import type { QueryTemplateDefinition } from '../types';

export const sponsoredAdsAndVideoTemplates: QueryTemplateDefinition[] = [
  {
    slug: 'search-term-performance',
    name: 'Search term performance',
    category: 'sponsored-ads',
    description:
      'Impressions, clicks, spend, CTR and CPC per customer search term and match type for Sponsored Products.',
    sqlQuery: `SELECT customer_search_term,
  match_type,
  SUM(impressions) AS impressions,
  SUM(clicks) AS clicks,
  SUM(spend) / 100000000 AS spend,
  SUM(clicks) / CAST(NULLIF(SUM(impressions), 0) AS DOUBLE) AS ctr,
  (SUM(spend) / 100000000) / NULLIF(SUM(clicks), 0) AS cpc
FROM sponsored_ads_traffic
WHERE ad_product_type = {{ad_product_type}}
GROUP BY customer_search_term, match_type
HAVING SUM(impressions) >= {{min_impressions}}`,
    parameters: {
      ad_product_type: {
        type: 'string',
        default: 'sponsored_products',
        description: 'sponsored_products, sponsored_brands, …',
      },
      min_impressions: { type: 'number', default: 100, description: 'Hide search terms with fewer impressions' },
    },
    tags: ['sponsored ads', 'search terms', 'keywords', 'ctr', 'cpc'],
    dataSources: ['sponsored_ads_traffic'],
  },
  {
    slug: 'sponsored-ads-placement-performance',
    name: 'Placement performance',
    category: 'sponsored-ads',
    description:
      'Which placements (top of search, product pages, rest of search) deliver clicks at what cost, per ad product.',
    sqlQuery: `SELECT ad_product_type,
  placement_type,
  SUM(impressions) AS impressions,
  SUM(clicks) AS clicks,
  SUM(spend) / 100000000 AS spend,
  SUM(clicks) / CAST(NULLIF(SUM(impressions), 0) AS DOUBLE) AS ctr
FROM sponsored_ads_traffic
GROUP BY ad_product_type, placement_type`,
    parameters: {},
    tags: ['sponsored ads', 'placement'],
    dataSources: ['sponsored_ads_traffic'],
  },
  {
    slug: 'sponsored-ads-campaign-roas',
    name: 'Campaign spend, sales and ROAS',
    category: 'sponsored-ads',
    description:
      'Spend from traffic joined with attributed sales per campaign: return on ad spend for each sponsored ads campaign.',
    sqlQuery: `WITH traffic AS (
  SELECT campaign_id, campaign, SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(spend) / 100000000 AS spend
  FROM sponsored_ads_traffic
  GROUP BY campaign_id, campaign
),
sales AS (
  SELECT campaign_id, SUM(purchases) AS purchases, SUM(product_sales) AS product_sales
  FROM amazon_attributed_events_by_traffic_time
  WHERE ad_product_type IS NOT NULL
  GROUP BY campaign_id
)
SELECT t.campaign_id,
  t.campaign,
  SUM(t.impressions) AS impressions,
  SUM(t.clicks) AS clicks,
  SUM(t.spend) AS spend,
  SUM(s.purchases) AS purchases,
  SUM(s.product_sales) AS product_sales,
  SUM(s.product_sales) / NULLIF(SUM(t.spend), 0) AS roas
FROM traffic t
LEFT JOIN sales s ON t.campaign_id = s.campaign_id
GROUP BY t.campaign_id, t.campaign`,
    parameters: {},
    tags: ['sponsored ads', 'roas', 'sales', 'spend'],
    dataSources: ['sponsored_ads_traffic', 'amazon_attributed_events_by_traffic_time'],
  },
  {
    slug: 'video-completion-funnel',
    name: 'Video completion funnel',
    category: 'video-and-viewability',
    description: 'Starts, quartiles and completions per DSP campaign and line item: where do viewers drop off?',
    sqlQuery: `SELECT campaign_id,
  line_item_id,
  SUM(video_impression) AS video_impressions,
  SUM(video_start) AS starts,
  SUM(video_first_quartile) AS first_quartile,
  SUM(video_midpoint) AS midpoint,
  SUM(video_third_quartile) AS third_quartile,
  SUM(video_complete) AS completes,
  SUM(video_complete) / CAST(NULLIF(SUM(video_start), 0) AS DOUBLE) AS completion_rate
FROM dsp_video_events_feed
GROUP BY campaign_id, line_item_id`,
    parameters: {},
    tags: ['video', 'completion', 'dsp', 'ctv'],
    dataSources: ['dsp_video_events_feed'],
  },
  {
    slug: 'viewability-by-line-item',
    name: 'Viewability by line item',
    category: 'video-and-viewability',
    description: 'Measurable and viewable impressions per DSP line item and the viewable rate.',
    sqlQuery: `SELECT campaign_id,
  line_item_id,
  SUM(measurable_impressions) AS measurable_impressions,
  SUM(viewable_impressions) AS viewable_impressions,
  SUM(viewable_impressions) / CAST(NULLIF(SUM(measurable_impressions), 0) AS DOUBLE) AS viewable_rate
FROM dsp_views
GROUP BY campaign_id, line_item_id
HAVING SUM(measurable_impressions) >= {{min_measurable}}`,
    parameters: {
      min_measurable: { type: 'number', default: 1, description: 'Hide line items with fewer measurable impressions' },
    },
    tags: ['viewability', 'dsp', 'brand safety'],
    dataSources: ['dsp_views'],
  },
];
