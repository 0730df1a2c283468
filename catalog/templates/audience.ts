import type { QueryTemplateDefinition } from '../types';
import { ALL_CAMPAIGNS, campaignsParameter } from './shared';

/**
 * Audience templates size an audience with a reporting query (AMC never returns user_id). To activate it, the
 * same logic runs through AMC's audience API against the `_for_audiences` tables.
 */
export const audienceTemplates: QueryTemplateDefinition[] = [
  {
    slug: 'exposed-non-purchasers-audience-size',
    name: 'Exposed non-purchasers (retargeting audience size)',
    category: 'audience-building',
    description:
      'How many shoppers saw DSP ads at least N times but did not purchase: the size of a retargeting audience.',
    sqlQuery: `WITH exposed AS (
  SELECT user_id, SUM(impressions) AS frequency
  FROM dsp_impressions
  WHERE ${ALL_CAMPAIGNS}
  GROUP BY user_id
),
buyers AS (
  SELECT user_id FROM conversions WHERE event_category = 'purchase' GROUP BY user_id
)
SELECT COUNT(DISTINCT e.user_id) AS audience_size,
  AVG(e.frequency) AS avg_frequency
FROM exposed e
LEFT JOIN buyers b ON e.user_id = b.user_id
WHERE b.user_id IS NULL
  AND e.frequency >= {{min_frequency}}`,
    parameters: {
      campaigns: campaignsParameter,
      min_frequency: { type: 'number', default: 3, description: 'Minimum DSP impressions per shopper' },
    },
    tags: ['audience', 'retargeting', 'non-purchasers'],
    dataSources: ['dsp_impressions', 'conversions'],
  },
  {
    slug: 'detail-page-viewers-without-purchase',
    name: 'Product viewers who did not buy',
    category: 'audience-building',
    description:
      'Shoppers who viewed the tracked ASINs’ detail pages but never bought them, per ASIN: the cart/consideration abandoner pool.',
    sqlQuery: `WITH viewers AS (
  SELECT user_id, tracked_asin
  FROM conversions
  WHERE event_type_class = 'consideration'
    AND ('ALL' IN ({{asins}}) OR tracked_asin IN ({{asins}}))
  GROUP BY user_id, tracked_asin
),
buyers AS (
  SELECT user_id, tracked_asin
  FROM conversions
  WHERE event_category = 'purchase'
  GROUP BY user_id, tracked_asin
)
SELECT v.tracked_asin,
  COUNT(DISTINCT v.user_id) AS viewers,
  COUNT(DISTINCT CASE WHEN b.user_id IS NULL THEN v.user_id END) AS viewers_without_purchase
FROM viewers v
LEFT JOIN buyers b ON v.user_id = b.user_id AND v.tracked_asin = b.tracked_asin
GROUP BY v.tracked_asin`,
    parameters: {
      asins: { type: 'string_list', default: ['ALL'], description: "ASINs to include, or ['ALL']" },
    },
    tags: ['audience', 'consideration', 'abandoners', 'asin'],
    dataSources: ['conversions'],
  },
  {
    slug: 'segment-conversion-affinity',
    name: 'In-market segments of converters',
    category: 'audience-building',
    description:
      'For the audience segments DSP targeted and matched, reach and how many of those shoppers purchased: which segments to scale.',
    sqlQuery: `WITH segment_reach AS (
  SELECT behavior_segment_name, user_id
  FROM dsp_impressions_by_matched_segments
  GROUP BY behavior_segment_name, user_id
),
buyers AS (
  SELECT user_id FROM amazon_attributed_events_by_traffic_time WHERE total_purchases > 0 GROUP BY user_id
)
SELECT s.behavior_segment_name,
  COUNT(DISTINCT s.user_id) AS reach,
  COUNT(DISTINCT b.user_id) AS purchasers,
  COUNT(DISTINCT b.user_id) / CAST(COUNT(DISTINCT s.user_id) AS DOUBLE) AS purchase_rate
FROM segment_reach s
LEFT JOIN buyers b ON s.user_id = b.user_id
GROUP BY s.behavior_segment_name
HAVING COUNT(DISTINCT s.user_id) >= {{min_reach}}`,
    parameters: { min_reach: { type: 'number', default: 100, description: 'Hide segments with smaller reach' } },
    tags: ['audience', 'segments', 'in-market', 'dsp'],
    dataSources: ['dsp_impressions_by_matched_segments', 'amazon_attributed_events_by_traffic_time'],
  },
];
