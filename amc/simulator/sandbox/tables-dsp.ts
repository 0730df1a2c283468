/**
 * Amazon DSP traffic. Cores (generated per day): impressions (weekend dip, evening-heavy hours, skewed per-user
 * frequency inside each campaign's audience), clicks (per-campaign CTR, 5 s–30 min after the impression) and
 * viewability events. Views expose the catalogued columns: the video feed adds player flags to impressions, the
 * segment tables repeat an impression per segment of its shopper (all of them, or those the line item targets).
 */
import type { SandboxTable } from './table-def';
import { FLIGHT_TIMES, audienceColumns, campaignColumns, placementColumns, trafficJoins } from './traffic-columns';
import type { ViewSpec } from './view-columns';

const DAY_KEY = `(epoch(d.day)::BIGINT // 86400)`;

const impressions: SandboxTable = {
  name: 'core_dsp_impressions',
  deps: [],
  select: (days, volume) => `
    WITH base AS (
      SELECT d.day, ${DAY_KEY} * 10000000 + r.i AS k, rnd(${DAY_KEY} * 10000000 + r.i, 'c') AS cu
      FROM unnest(${days}) d(day), range(${Math.round(15_000 * volume)}) r(i)
      WHERE rnd(${DAY_KEY} * 10000000 + r.i, 'keep') < CASE dayofweek(d.day) WHEN 0 THEN 0.8 WHEN 6 THEN 0.85 ELSE 1.0 END
    ), picked AS (
      SELECT b.*, c.campaign_id, (c.aud_start + floor(c.aud_size * pow(rnd(b.k, 'u'), 1.6)))::BIGINT % n_users() AS uidx
      FROM base b JOIN amc_data.dsp_buckets bk ON bk.bucket = floor(b.cu * 1000)::BIGINT JOIN amc_data.campaigns c ON c.campaign_id = bk.campaign_id
    )
    SELECT p.k AS __k, p.day AS __day, p.campaign_id, p.uidx,
      p.campaign_id * 100 + 1 + floor(rnd(p.k, 'li') * 3)::BIGINT AS line_item_id,
      (p.campaign_id * 100 + 1 + floor(rnd(p.k, 'li') * 3)::BIGINT) * 10 + 1 + floor(rnd(p.k, 'cr') * 2)::BIGINT AS creative_id,
      CASE WHEN rnd(p.k, 'dv') < 0.8 THEN u.dev ELSE floor(rnd(p.k, 'dv2') * 8)::INTEGER END AS dev,
      ts_in_day(p.day, rnd(p.k, 't')) AS impression_dt_utc
    FROM picked p JOIN amc_data.users u ON u.idx = p.uidx`,
};

const clicks: SandboxTable = {
  name: 'core_dsp_clicks',
  deps: ['core_dsp_impressions'],
  select: (days) => `
    SELECT i.*, i.impression_dt_utc + to_seconds(floor(5 + 1795 * pow(rnd(i.__k, 'cl'), 3))::BIGINT) AS click_dt_utc
    FROM amc_data.core_dsp_impressions i JOIN amc_data.campaigns c USING (campaign_id)
    WHERE list_contains(${days}, i.__day) AND rnd(i.__k, 'click') < c.ctr`,
};

/** 92 % of impressions are measurable; 68 % of those become viewable (a second event). */
const views: SandboxTable = {
  name: 'core_dsp_views',
  deps: ['core_dsp_impressions'],
  select: (days) => `
    WITH src AS (SELECT * FROM amc_data.core_dsp_impressions WHERE list_contains(${days}, __day) AND rnd(__k, 'meas') < 0.92)
    SELECT *, impression_dt_utc + to_seconds(1 + floor(rnd(__k, 'vt') * 4)::BIGINT) AS event_dt_utc, 'MEASURABLE_IMPRESSION' AS event_type
    FROM src
    UNION ALL
    SELECT *, impression_dt_utc + to_seconds(2 + floor(rnd(__k, 'vt') * 9)::BIGINT), 'VIEW'
    FROM src WHERE rnd(__k, 'view') < 0.68`,
};

export const DSP_TABLES = [impressions, clicks, views];

/** Columns every DSP view shares, for a row whose traffic key is `i.__k`. */
const dspColumns = () => ({
  ...campaignColumns(),
  ...audienceColumns('i.__k'),
  ...placementColumns('i.__k'),
  impressions: '1',
});

const dspView = (name: string, amc: string, from: string, extra: Partial<ViewSpec>): ViewSpec => ({
  name,
  amcTable: amc,
  from: `${from}\n  ${trafficJoins('i')}`,
  key: 'i.__k',
  times: { impression: 'i.impression_dt_utc', ...FLIGHT_TIMES },
  mainTime: 'impression',
  stdOffset: 'c.tz_std',
  columns: dspColumns(),
  internal: { __day: 'i.__day', __t: 'i.impression_dt_utc' },
  ...extra,
});

/** Each video impression runs down the funnel: start 93 %, quartiles 82/71/62 %, complete 54 %. */
const video = (share: number) => `(li.video AND rnd(i.__k, 'play') < ${share})::BIGINT`;

/** The shopper's segments, joined once per segment; `matched` keeps those the line item targets. */
const segmentJoin = (matchedOnly: boolean) => `
  JOIN amc_data.segment_membership m ON m.idx = i.uidx
  JOIN amc_data.segments s ON s.segment_id = m.segment_id${matchedOnly ? '\n  JOIN amc_data.line_items tli ON tli.line_item_id = i.line_item_id AND list_contains(tli.targets, s.segment_id)' : ''}`;

const segmentColumns = {
  behavior_segment_id: 's.segment_id',
  behavior_segment_name: 's.segment_name',
  behavior_segment_description: "s.kind || ' audience of Amazon shoppers: ' || s.category",
  behavior_segment_matched: 'list_contains(li.targets, s.segment_id)::BIGINT',
};

export const DSP_VIEWS: ViewSpec[] = [
  dspView('dsp_impressions', 'dsp_impressions', 'amc_data.core_dsp_impressions i', {}),
  dspView('dsp_clicks', 'dsp_clicks', 'amc_data.core_dsp_clicks i', {
    times: { impression: 'i.impression_dt_utc', click: 'i.click_dt_utc', ...FLIGHT_TIMES },
    mainTime: 'click',
    columns: {
      ...dspColumns(),
      clicks: '1',
      click_cost:
        "CASE WHEN li.price_type = 'CPC' THEN round(c.cpm * 3000 * (0.6 + 0.8 * rnd(i.__k, 'cpc'))) ELSE 0 END",
    },
    internal: { __day: 'i.__day', __t: 'i.click_dt_utc' },
  }),
  dspView('dsp_views', 'dsp_views', 'amc_data.core_dsp_views i', {
    times: { impression: 'i.impression_dt_utc', event: 'i.event_dt_utc', ...FLIGHT_TIMES },
    mainTime: 'event',
    columns: {
      ...dspColumns(),
      event_type: 'i.event_type',
      events: '1',
      impression_id: "md5('imp:' || i.__k::VARCHAR)",
      measurable_impressions: "(i.event_type = 'MEASURABLE_IMPRESSION')::BIGINT",
      viewable_impressions: "(i.event_type = 'VIEW')::BIGINT",
      unmeasurable_viewable_impressions: '0',
      view_definition: "CASE WHEN i.event_type = 'VIEW' THEN CASE WHEN li.video THEN 'MRC_VIDEO' ELSE 'MRC' END END",
    },
    internal: { __day: 'i.__day', __t: 'i.event_dt_utc' },
  }),
  dspView('dsp_video_events_feed', 'dsp_video_events_feed', 'amc_data.core_dsp_impressions i', {
    columns: {
      ...dspColumns(),
      video_impression: 'li.video::BIGINT',
      video_start: video(0.93),
      video_first_quartile: video(0.82),
      video_midpoint: video(0.71),
      video_third_quartile: video(0.62),
      video_complete: video(0.54),
      video_creative_view: "(li.video AND rnd(i.__k, 'vcv') < 0.2)::BIGINT",
      video_click: "(li.video AND rnd(i.__k, 'vclk') < 0.006)::BIGINT",
      video_mute: "(li.video AND rnd(i.__k, 'mute') < 0.11)::BIGINT",
      video_unmute: "(li.video AND rnd(i.__k, 'mute') < 0.03)::BIGINT",
      video_pause: "(li.video AND rnd(i.__k, 'pause') < 0.05)::BIGINT",
      video_resume: "(li.video AND rnd(i.__k, 'pause') < 0.04)::BIGINT",
      video_replay: "(li.video AND rnd(i.__k, 'replay') < 0.01)::BIGINT",
      video_skip_forward: "(li.video AND rnd(i.__k, 'skip') < 0.02)::BIGINT",
      video_skip_backward: "(li.video AND rnd(i.__k, 'skip') < 0.005)::BIGINT",
    },
  }),
  dspView(
    'dsp_impressions_by_user_segments',
    'dsp_impressions_by_user_segments',
    `amc_data.core_dsp_impressions i${segmentJoin(false)}`,
    { columns: { ...dspColumns(), ...segmentColumns }, key: 'i.__k * 1000 + s.segment_id % 1000' },
  ),
  dspView(
    'dsp_impressions_by_matched_segments',
    'dsp_impressions_by_matched_segments',
    `amc_data.core_dsp_impressions i${segmentJoin(true)}`,
    { columns: { ...dspColumns(), ...segmentColumns }, key: 'i.__k * 1000 + s.segment_id % 1000' },
  ),
];
