/**
 * Amazon DSP traffic: impressions (per day, weekend dip, evening-heavy hours, skewed per-user frequency inside each
 * campaign's audience), clicks (per-campaign CTR, 5 s–30 min after the impression), viewability events, video flags
 * and the segment-exploded impression tables.
 */
import type { SandboxTable } from './table-def';

const DAY_KEY = `(epoch(d.day)::BIGINT // 86400)`;

const impressions: SandboxTable = {
  name: 'dsp_impressions',
  deps: [],
  select: (days, volume) => `
    WITH base AS (
      SELECT d.day, ${DAY_KEY} * 10000000 + r.i AS k, rnd(${DAY_KEY} * 10000000 + r.i, 'c') AS cu
      FROM unnest(${days}) d(day), range(${Math.round(15_000 * volume)}) r(i)
      WHERE rnd(${DAY_KEY} * 10000000 + r.i, 'keep') < CASE dayofweek(d.day) WHEN 0 THEN 0.8 WHEN 6 THEN 0.85 ELSE 1.0 END
    ), picked AS (
      SELECT b.*, c.*, (c.aud_start + floor(c.aud_size * pow(rnd(b.k, 'u'), 1.6)))::BIGINT % n_users() AS uidx
      FROM base b JOIN amc_data.dsp_buckets bk ON bk.bucket = floor(b.cu * 1000)::BIGINT JOIN amc_data.dsp_campaigns c ON c.campaign_id = bk.campaign_id
    )
    SELECT p.advertiser, p.advertiser_id, p.campaign, p.campaign_id, p.campaign_id::VARCHAR AS campaign_id_string,
      p.campaign_id * 100 + 1 + floor(rnd(p.k, 'li') * 3)::BIGINT AS line_item_id,
      p.campaign || ' | LI ' || (1 + floor(rnd(p.k, 'li') * 3)::BIGINT)::VARCHAR AS line_item,
      (p.campaign_id * 100 + 1 + floor(rnd(p.k, 'li') * 3)::BIGINT) * 10 + 1 + floor(rnd(p.k, 'cr') * 2)::BIGINT AS creative_id,
      ts_in_day(p.day, rnd(p.k, 't')) AS impression_dt_utc,
      CAST(ts_in_day(p.day, rnd(p.k, 't')) AS DATE) AS impression_date_utc,
      1::BIGINT AS impressions,
      round(p.cpm * 100 * (0.7 + 0.6 * rnd(p.k, 'cost')), 4)::DOUBLE AS total_cost,
      round(p.cpm * 85 * (0.7 + 0.6 * rnd(p.k, 'cost')), 4)::DOUBLE AS impression_cost,
      pick(['AMAZON.COM', 'AMAZON.COM', 'Amazon Publisher Services', 'Google AdX', 'Xandr', 'Magnite', 'Twitch', 'Fire TV'], rnd(p.k, 'sup')) AS supply_source,
      CASE WHEN rnd(p.k, 'dv') < 0.8 THEN u.device_type ELSE pick(['Phone', 'PC', 'Tablet', 'TV', 'ConnectedDevice', 'Unknown'], rnd(p.k, 'dv2')) END AS device_type,
      u.postal_code, u.user_id, u.user_id_type,
      md5('imp:' || p.k::VARCHAR) AS request_tag,
      p.video AND floor(rnd(p.k, 'li') * 3) = 2 AS __video,
      p.day AS __day, p.k AS __k
    FROM picked p JOIN amc_data.users u ON u.idx = p.uidx`,
};

const clicks: SandboxTable = {
  name: 'dsp_clicks',
  deps: ['dsp_impressions'],
  select: (days) => `
    SELECT i.advertiser_id, i.campaign, i.campaign_id, i.line_item_id, i.creative_id,
      i.impression_dt_utc + to_seconds(floor(5 + 1795 * pow(rnd(i.__k, 'cl'), 3))::BIGINT) AS click_dt_utc,
      CAST(i.impression_dt_utc + to_seconds(floor(5 + 1795 * pow(rnd(i.__k, 'cl'), 3))::BIGINT) AS DATE) AS click_date_utc,
      i.impression_dt_utc, 1::BIGINT AS clicks, 0::BIGINT AS click_cost, i.device_type, i.request_tag, i.user_id, i.user_id_type,
      i.__day, i.__k
    FROM amc_data.dsp_impressions i JOIN amc_data.dsp_campaigns c USING (campaign_id)
    WHERE list_contains(${days}, i.__day) AND rnd(i.__k, 'click') < c.ctr`,
};

const views: SandboxTable = {
  name: 'dsp_views',
  deps: ['dsp_impressions'],
  select: (days) => `
    WITH src AS (SELECT * FROM amc_data.dsp_impressions WHERE list_contains(${days}, __day) AND rnd(__k, 'meas') < 0.92)
    SELECT advertiser_id, campaign_id, line_item_id, impression_dt_utc + to_seconds(1 + floor(rnd(__k, 'vt') * 4)::BIGINT) AS event_dt_utc,
      CAST(impression_dt_utc AS DATE) AS event_date_utc, 'MEASURABLE_IMPRESSION' AS event_type, NULL::VARCHAR AS view_definition,
      1::BIGINT AS events, 0::BIGINT AS viewable_impressions, 1::BIGINT AS measurable_impressions, 0::BIGINT AS unmeasurable_viewable_impressions,
      request_tag AS impression_id, user_id, user_id_type, __day
    FROM src
    UNION ALL
    SELECT advertiser_id, campaign_id, line_item_id, impression_dt_utc + to_seconds(2 + floor(rnd(__k, 'vt') * 9)::BIGINT),
      CAST(impression_dt_utc AS DATE), 'VIEW', 'MRC', 1, 1, 0, 0, request_tag, user_id, user_id_type, __day
    FROM src WHERE rnd(__k, 'view') < 0.68`,
};

const video: SandboxTable = {
  name: 'dsp_video_events_feed',
  deps: ['dsp_impressions'],
  select: (days) => `
    WITH src AS (SELECT *, rnd(__k, 'play') AS p FROM amc_data.dsp_impressions WHERE list_contains(${days}, __day))
    SELECT * EXCLUDE (p, __video, __k),
      __video::BIGINT AS video_impression,
      (__video AND p < 0.93)::BIGINT AS video_start,
      (__video AND p < 0.82)::BIGINT AS video_first_quartile,
      (__video AND p < 0.71)::BIGINT AS video_midpoint,
      (__video AND p < 0.62)::BIGINT AS video_third_quartile,
      (__video AND p < 0.54)::BIGINT AS video_complete,
      (__video AND rnd(__k, 'vclk') < 0.006)::BIGINT AS video_click,
      (__video AND rnd(__k, 'mute') < 0.11)::BIGINT AS video_mute,
      (__video AND rnd(__k, 'pause') < 0.05)::BIGINT AS video_pause
    FROM src`,
};

/** Each line item targets two segments: one in-market and one lifestyle, picked by its position. */
const segmentRows = (days: string, matchedOnly: boolean) => `
    SELECT i.* EXCLUDE (__video, __k), s.segment_id::INTEGER AS behavior_segment_id, s.segment_name AS behavior_segment_name,
      s.kind || ' segment: ' || s.category AS behavior_segment_description,
      (s.segment_id IN (410001 + (i.line_item_id % 6), 420001 + ((i.line_item_id + 3) % 6)))::BIGINT AS behavior_segment_matched
    FROM amc_data.dsp_impressions i JOIN amc_data.users u USING (user_id)
      JOIN amc_data.segment_membership m ON m.idx = u.idx JOIN amc_data.segments s ON s.segment_id = m.segment_id
    WHERE list_contains(${days}, i.__day)
      ${matchedOnly ? 'AND s.segment_id IN (410001 + (i.line_item_id % 6), 420001 + ((i.line_item_id + 3) % 6))' : ''}`;

const byUserSegments: SandboxTable = {
  name: 'dsp_impressions_by_user_segments',
  deps: ['dsp_impressions', 'segment_membership'],
  select: (days) => segmentRows(days, false),
};

const byMatchedSegments: SandboxTable = {
  name: 'dsp_impressions_by_matched_segments',
  deps: ['dsp_impressions', 'segment_membership'],
  select: (days) => segmentRows(days, true),
};

export const DSP_TABLES = [impressions, clicks, views, video, byUserSegments, byMatchedSegments];
