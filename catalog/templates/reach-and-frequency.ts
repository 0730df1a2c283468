import type { QueryTemplateDefinition } from '../types';
import { ALL_CAMPAIGNS, campaignsParameter } from './shared';

export const reachAndFrequencyTemplates: QueryTemplateDefinition[] = [
  {
    slug: 'dsp-reach-frequency-by-campaign',
    name: 'DSP reach and frequency by campaign',
    category: 'reach-and-frequency',
    description: 'How many unique shoppers each Amazon DSP campaign reached, how often on average, and at what cost.',
    sqlQuery: `SELECT campaign,
  campaign_id,
  SUM(impressions) AS impressions,
  COUNT(DISTINCT user_id) AS reach,
  SUM(impressions) / CAST(COUNT(DISTINCT user_id) AS DOUBLE) AS avg_frequency,
  SUM(total_cost) / 100000 AS spend
FROM dsp_impressions
WHERE ${ALL_CAMPAIGNS}
GROUP BY campaign, campaign_id`,
    parameters: { campaigns: campaignsParameter },
    tags: ['dsp', 'reach', 'frequency', 'cost'],
    dataSources: ['dsp_impressions'],
  },
  {
    slug: 'dsp-frequency-distribution',
    name: 'Frequency distribution',
    category: 'reach-and-frequency',
    description: 'How many shoppers saw DSP ads once, twice, … up to a capped bucket: is frequency too low or wasted?',
    sqlQuery: `WITH user_frequency AS (
  SELECT user_id, SUM(impressions) AS frequency
  FROM dsp_impressions
  WHERE ${ALL_CAMPAIGNS}
  GROUP BY user_id
)
SELECT CASE WHEN frequency >= {{max_bucket}} THEN {{max_bucket}} ELSE frequency END AS frequency_bucket,
  COUNT(user_id) AS users,
  SUM(frequency) AS impressions
FROM user_frequency
GROUP BY CASE WHEN frequency >= {{max_bucket}} THEN {{max_bucket}} ELSE frequency END`,
    parameters: {
      campaigns: campaignsParameter,
      max_bucket: {
        type: 'number',
        default: 10,
        description: 'Frequencies at or above this are counted in one bucket',
      },
    },
    tags: ['dsp', 'frequency', 'distribution'],
    dataSources: ['dsp_impressions'],
  },
  {
    slug: 'dsp-reach-by-device',
    name: 'Reach by device type',
    category: 'reach-and-frequency',
    description: 'Unique reach, impressions and cost per device class (phone, tablet, PC, TV) for DSP campaigns.',
    sqlQuery: `SELECT device_type,
  COUNT(DISTINCT user_id) AS reach,
  SUM(impressions) AS impressions,
  SUM(total_cost) / 100000 AS spend
FROM dsp_impressions
WHERE ${ALL_CAMPAIGNS}
GROUP BY device_type`,
    parameters: { campaigns: campaignsParameter },
    tags: ['dsp', 'reach', 'device', 'ctv'],
    dataSources: ['dsp_impressions'],
  },
  {
    slug: 'sponsored-ads-reach-by-ad-product',
    name: 'Sponsored ads reach by ad product',
    category: 'reach-and-frequency',
    description: 'Unique shoppers reached by Sponsored Products, Brands, Display and TV, with impressions per shopper.',
    sqlQuery: `SELECT ad_product_type,
  COUNT(DISTINCT user_id) AS reach,
  SUM(impressions) AS impressions,
  SUM(impressions) / CAST(COUNT(DISTINCT user_id) AS DOUBLE) AS avg_frequency,
  SUM(clicks) AS clicks
FROM sponsored_ads_traffic
WHERE impressions > 0
GROUP BY ad_product_type`,
    parameters: {},
    tags: ['sponsored ads', 'reach', 'frequency'],
    dataSources: ['sponsored_ads_traffic'],
  },
];
