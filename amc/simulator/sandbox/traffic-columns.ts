/**
 * Column expressions shared by every view that carries an ad's traffic: the DSP tables, sponsored ads and the
 * attributed-events tables. They read the standard joins (`c` campaigns, `li` line items / ad groups, `cr`
 * creatives, `u` the shopper, `d` the device of the event, `us` the shopper's segments) and draw per-event values
 * (supply source, site, costs) from the traffic key, so an impression, its clicks, its view events and the
 * conversions attributed to it all show the same values.
 */

/** Joins of a row that has campaign_id, line_item_id, creative_id, uidx and dev (LEFT where they may be NULL). */
export function trafficJoins(a: string, left = false): string {
  const j = left ? 'LEFT JOIN' : 'JOIN';
  return `${j} amc_data.campaigns c ON c.campaign_id = ${a}.campaign_id
  ${j} amc_data.line_items li ON li.line_item_id = ${a}.line_item_id
  LEFT JOIN amc_data.creatives cr ON cr.creative_id = ${a}.creative_id
  JOIN amc_data.users u ON u.idx = ${a}.uidx
  LEFT JOIN amc_data.devices d ON d.dev = ${a}.dev
  LEFT JOIN amc_data.user_segments us ON us.idx = ${a}.uidx`;
}

const SUPPLY = `['AMAZON.COM', 'AMAZON.COM', 'Amazon Publisher Services', 'Google AdX', 'Xandr', 'Magnite', 'Twitch', 'Fire TV']`;
const SITES = `['amazon.com', 'amazon.com', 'weather.example', 'news.example', 'recipes.example', 'sports.example', 'twitch.tv', 'Fire TV Home']`;
const APPS = `['com.imdb.mobile', 'B00KDSGIPK', 'com.weather.example', 'com.news.example', 'com.recipes.example', 'com.sports.example', 'tv.twitch.android.app', 'com.amazon.firetv']`;

/** Index (1-based) of the event's supply source in the lists above. */
const supply = (k: string) => `(1 + floor(rnd(${k}, 'sup') * 8)::BIGINT)`;
/** The campaign's cost of one impression in millicents, varied per event. */
const cost = (k: string, share: number) => `round(c.cpm * ${100 * share} * (0.7 + 0.6 * rnd(${k}, 'cost')))`;

/** Campaign, line item, creative, advertiser and account columns (DSP and sponsored ads alike). */
export function campaignColumns(): Record<string, string> {
  return {
    advertiser: 'c.advertiser',
    advertiser_id: 'c.advertiser_id',
    advertiser_timezone: 'c.advertiser_timezone',
    advertiser_country: "'US'",
    advertiser_account_frequency_group_ids: 'c.advertiser_frequency_group_ids',
    manager_account_frequency_group_ids: 'c.manager_frequency_group_ids',
    campaign: 'c.campaign',
    campaign_id: 'c.campaign_id',
    campaign_budget_amount: 'c.budget_millicents',
    campaign_budget_type: "CASE WHEN c.ord % 3 = 0 THEN 'LIFETIME_BUDGET' ELSE 'DAILY_BUDGET' END",
    campaign_country: "'US'",
    campaign_flight_id: 'c.flight_id',
    campaign_insertion_order_id: 'c.insertion_order_id',
    campaign_primary_goal: 'c.goal',
    campaign_sales_type: "'BILLABLE'",
    campaign_source: "CASE c.channel WHEN 'dsp' THEN 'DSP' ELSE 'SPONSORED_ADS' END",
    campaign_status: "'RUNNING'",
    entity_id: 'c.entity_id',
    merchant_id: 'c.merchant_id',
    currency_iso_code: "'USD'",
    currency_name: "'Dollar (USA)'",
    line_item: 'li.line_item',
    line_item_id: 'li.line_item_id',
    line_item_budget_amount: 'li.budget_millicents',
    line_item_price_type: 'li.price_type',
    line_item_status: "'RUNNING'",
    line_item_type: 'li.line_item_type',
    ad_group: 'li.line_item',
    ad_group_status: "'ENABLED'",
    ad_group_type: 'li.line_item_type',
    deal_id: 'li.deal_id',
    deal_name: 'li.deal_name',
    creative: 'cr.creative',
    creative_id: 'cr.creative_id',
    creative_category: 'cr.creative_category',
    creative_duration: 'cr.creative_duration',
    creative_is_link_in: 'cr.creative_is_link_in',
    creative_size: 'cr.creative_size',
    creative_type: 'cr.creative_type',
  };
}

/** Event times of campaign and line-item flights (for the time rule). */
export const FLIGHT_TIMES = {
  campaign_start: 'c.start_utc',
  campaign_end: 'c.end_utc',
  line_item_start: 'li.start_utc',
  line_item_end: 'li.end_utc',
  ad_group_start: 'li.start_utc',
  ad_group_end: 'li.end_utc',
};

/** Shopper, device and place columns of an event. */
export function audienceColumns(k: string): Record<string, string> {
  return {
    user_id: 'u.user_id',
    user_id_type: 'u.user_id_type',
    device_id: 'u.device_id',
    no_3p_trackers: 'u.no_3p_trackers',
    device_type: 'd.device_type',
    device_make: 'd.device_make',
    device_model: 'd.device_model',
    operating_system: 'd.operating_system',
    os_version: 'd.os_version',
    browser_family: 'd.browser_family',
    environment_type: 'd.environment_type',
    city_name: 'u.city_name',
    dma_code: 'u.dma_code',
    postal_code: 'u.postal_code',
    iso_state_province_code: 'u.iso_state_province_code',
    iso_country_code: "'US'",
    user_behavior_segment_ids: 'coalesce(us.segment_ids, []::INTEGER[])',
    matched_behavior_segment_ids: 'list_intersect(coalesce(us.segment_ids, []::INTEGER[]), li.targets)',
    segment_marketplace_id: '1',
    marketplace_name: "'AMAZON.COM'",
    app_bundle: `CASE WHEN d.environment_type = 'App' THEN ${APPS}[${supply(k)}] END`,
  };
}

/** Where and how the DSP impression was bought: supply, site, placement, bid and costs (millicents / microcents). */
export function placementColumns(k: string): Record<string, string> {
  const s = supply(k);
  return {
    supply_source: `${SUPPLY}[${s}]`,
    supply_source_id: `7000 + ${s}`,
    supply_source_is_view_aware: `${s} <> 4`,
    supply_source_view_rate: `0.45 + 0.05 * ${s}`,
    is_amazon_owned: `${s} IN (1, 2, 7, 8)`,
    site: `${SITES}[${s}]`,
    page_type: `pick(['Search', 'Detail', 'Home', 'Browse', 'Other'], rnd(${k}, 'page'))`,
    slot_position: `pick(['ABOVE_THE_FOLD', 'ABOVE_THE_FOLD', 'BELOW_THE_FOLD', 'UNKNOWN'], rnd(${k}, 'slot'))`,
    ad_slot_size: 'cr.creative_size',
    placement_is_view_aware: `rnd(${k}, 'pva') < 0.9`,
    placement_view_rate: `round(0.4 + 0.4 * rnd(${k}, 'pvr'), 4)`,
    demand_channel: "'Amazon DSP'",
    demand_channel_owner: "'Amazon Ads'",
    product_line: "CASE WHEN li.video THEN 'Video' ELSE 'Display' END",
    request_tag: `md5('imp:' || ${k}::VARCHAR)`,
    bid_price: `round(c.cpm * 120000 * (0.8 + 0.6 * rnd(${k}, 'bid')))`,
    audience_fee: `CASE WHEN rnd(${k}, 'aud') < 0.6 THEN round(c.cpm * 10000 * (0.8 + 0.4 * rnd(${k}, 'cost'))) ELSE 0 END`,
    total_cost: `round(c.cpm * 100 * (0.7 + 0.6 * rnd(${k}, 'cost')), 4)`,
    impression_cost: cost(k, 0.85),
    supply_cost: cost(k, 0.7),
    platform_fee: cost(k, 0.08),
    managed_service_fee: `CASE WHEN c.ord % 2 = 0 THEN ${cost(k, 0.05)} ELSE 0 END`,
    third_party_fees: cost(k, 0.02),
    ocm_fee: `CASE WHEN c.ord % 4 = 0 THEN ${cost(k, 0.01)} ELSE 0 END`,
  };
}
