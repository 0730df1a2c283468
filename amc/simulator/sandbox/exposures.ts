/**
 * Which public view, event-time column and lag stand behind each AMC table name a query may read (every catalogued
 * table and its `_for_audiences` twin). The sandbox holds no data after now: every exposure of a time-windowed
 * view also drops rows whose latest event (`__t`) lies after the simulator's clock.
 */
import { AMC_TABLES } from '../../catalog/amc-catalog';
import type { SandboxExposure } from './table-def';

type Base = Omit<SandboxExposure, 'filter'> & { kind?: string };

const e = (table: string, timeColumn: string | undefined, lagDays: number, extra: Partial<Base> = {}): Base => ({
  table,
  timeColumn,
  lagDays,
  ...extra,
});

const BASES: Record<string, Base> = {
  dsp_impressions: e('dsp_impressions', 'impression_dt_utc', 0),
  dsp_clicks: e('dsp_clicks', 'click_dt_utc', 1),
  dsp_views: e('dsp_views', 'event_dt_utc', 1),
  dsp_impressions_by_matched_segments: e('dsp_impressions_by_matched_segments', 'impression_dt_utc', 0),
  dsp_impressions_by_user_segments: e('dsp_impressions_by_user_segments', 'impression_dt_utc', 0),
  dsp_video_events_feed: e('dsp_video_events_feed', 'impression_dt_utc', 0),
  sponsored_ads_traffic: e('sponsored_ads_traffic', 'event_dt_utc', 1),
  // Conversion-time windows credit traffic up to 14 days earlier; traffic-time windows include later conversions.
  amazon_attributed_events_by_conversion_time: e('amazon_attributed_events', 'conversion_event_dt_utc', 15),
  amazon_attributed_events_by_traffic_time: e('amazon_attributed_events', 'traffic_event_dt_utc', 1),
  conversions: e('conversions', 'event_dt_utc', 15),
  conversions_with_relevance: e('conversions_with_relevance', 'event_dt_utc', 15),
  conversions_all: e('conversions_all', 'event_dt_utc', 15),
  amazon_retail_purchases: e('amazon_retail_purchases', 'purchase_dt_utc', 15),
  segment_metadata: e('segment_metadata', undefined, 0, { noUsers: true }),
  amazon_your_garage: e('amazon_your_garage', undefined, 0),
  amazon_brand_store_page_views: e('amazon_brand_store_page_views', 'event_dt_utc', 0),
  amazon_brand_store_page_views_non_endemic: e('amazon_brand_store_page_views', 'event_dt_utc', 0),
  amazon_brand_store_engagement_events: e('amazon_brand_store_engagement_events', 'event_dt_utc', 0),
  amazon_brand_store_engagement_events_non_endemic: e('amazon_brand_store_engagement_events', 'event_dt_utc', 0),
  amazon_pvc_enrollments: e('amazon_pvc_enrollments', 'pv_start_date', 0),
  amazon_pvc_streaming_events_feed: e('amazon_pvc_streaming_events_feed', 'pv_playback_dt_utc', 0),
  experian_vehicle_purchases: e('experian_vehicle_purchases', 'purchase_date', 0),
  ncs_cpg_insights_stream: e('ncs_cpg_insights_stream', 'week_end_dt', 0),
};
for (const region of ['amer', 'eu', 'apac']) {
  for (const [kind, label] of [
    ['inmarket', 'In-Market'],
    ['lifestyle', 'Lifestyle'],
  ] as const) {
    BASES[`audience_segments_${region}_${kind}`] = e(`audience_segments_${region}`, undefined, 0, { kind: label });
    BASES[`audience_segments_${region}_${kind}_snapshot`] = e(
      `audience_segments_${region}_snapshot`,
      'snapshot_datetime',
      0,
      { kind: label },
    );
  }
}
// An audience twin reads the same data as its reporting table.
for (const t of AMC_TABLES) if (t.audienceOf && BASES[t.audienceOf]) BASES[t.name] = BASES[t.audienceOf]!;

const timestamp = (ms: number) => `TIMESTAMP '${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`;

/** The exposure of an AMC table name, or undefined when the sandbox has no synthetic data for it. */
export function exposureOf(amcTable: string, nowMs = Date.now()): SandboxExposure | undefined {
  const base = BASES[amcTable.toLowerCase()];
  if (!base) return undefined;
  const { kind, ...exposure } = base;
  const filters = [kind && `__kind = '${kind}'`, exposure.timeColumn && `__t <= ${timestamp(nowMs)}`].filter(Boolean);
  return filters.length ? { ...exposure, filter: filters.join(' AND ') } : exposure;
}

export function sandboxTableNames(): string[] {
  return Object.keys(BASES);
}
