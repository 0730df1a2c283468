/** Which synthetic table, event-time column and lag stand behind each AMC table name a query may read. */
import type { SandboxExposure } from './table-def';

const e = (
  table: string,
  timeColumn: string | undefined,
  lagDays: number,
  extra: Partial<SandboxExposure> = {},
): SandboxExposure => ({ table, timeColumn, lagDays, ...extra });

const EXPOSURES: Record<string, SandboxExposure> = {
  dsp_impressions: e('dsp_impressions', 'impression_dt_utc', 0),
  dsp_clicks: e('dsp_clicks', 'click_dt_utc', 1),
  dsp_views: e('dsp_views', 'event_dt_utc', 1),
  dsp_impressions_by_matched_segments: e('dsp_impressions_by_matched_segments', 'impression_dt_utc', 0),
  dsp_impressions_by_user_segments: e('dsp_impressions_by_user_segments', 'impression_dt_utc', 0),
  dsp_video_events_feed: e('dsp_video_events_feed', 'impression_dt_utc', 0),
  sponsored_ads_traffic: e('sponsored_ads_traffic', 'event_dt_utc', 0),
  // Conversion-time windows credit traffic up to 14 days earlier; traffic-time windows include later conversions.
  amazon_attributed_events_by_conversion_time: e('attributed_events', 'conversion_event_dt_utc', 15),
  amazon_attributed_events_by_traffic_time: e('attributed_events', 'traffic_event_dt_utc', 1),
  conversions: e('conversions', 'event_dt_utc', 15),
  conversions_with_relevance: e('conversions_with_relevance', 'event_dt_utc', 15),
  conversions_all: e('conversions_all', 'event_dt_utc', 15),
  amazon_retail_purchases: e('amazon_retail_purchases', 'purchase_dt_utc', 15),
  segment_metadata: e('segment_metadata', undefined, 0, { noUsers: true }),
  experian_vehicle_purchases: e('experian_vehicle_purchases', 'purchase_date', 0),
  amazon_your_garage: e('amazon_your_garage', undefined, 0),
  amazon_brand_store_page_views: e('amazon_brand_store_page_views', 'event_dt_utc', 0),
  amazon_pvc_enrollments: e('amazon_pvc_enrollments', 'pv_start_date', 0),
};
for (const region of ['amer', 'eu', 'apac']) {
  for (const [kind, label] of [
    ['inmarket', 'In-Market'],
    ['lifestyle', 'Lifestyle'],
  ] as const) {
    EXPOSURES[`audience_segments_${region}_${kind}`] = e('audience_segments', undefined, 0, {
      filter: `__kind = '${label}'`,
    });
    EXPOSURES[`audience_segments_${region}_${kind}_snapshot`] = e('audience_segments', undefined, 0, {
      filter: `__kind = '${label}'`,
    });
  }
}

/** The exposure of an AMC table name, or undefined when the sandbox has no synthetic data for it. */
export function exposureOf(amcTable: string): SandboxExposure | undefined {
  return EXPOSURES[amcTable.toLowerCase()];
}

export function sandboxTableNames(): string[] {
  return Object.keys(EXPOSURES);
}
