/**
 * Paid-feature and audience tables. Static cores: segment membership (and each shopper's segment list) and Your
 * Garage vehicles. Per-day cores: monthly membership snapshots (on each month's first Thursday), Brand Store page
 * views and engagement events, Prime Video Channel enrollments and streams, Experian vehicle purchases and weekly
 * NCS household purchases (on Saturdays). Every row belongs to a shopper of amc_data.users, so these tables join
 * the traffic and conversion tables on user_id.
 */
import type { SandboxTable } from './table-def';
import type { ViewSpec } from './view-columns';

const DAY_KEY = `(epoch(d.day)::BIGINT // 86400)`;
/** Rows of the given days: `o.day`, key `o.k`, and a shopper `u` drawn with `salt`. */
const perDay = (days: string, n: number, salt: string) =>
  `(SELECT d.day, ${DAY_KEY} * 10000000 + r.i AS k FROM unnest(${days}) d(day), range(${Math.max(1, Math.round(n))}) r(i)) o
   JOIN amc_data.users u ON u.idx = floor(rnd(o.k, '${salt}') * n_users())::BIGINT`;

const membership: SandboxTable = {
  name: 'segment_membership',
  deps: [],
  static: true,
  select: () => `
    SELECT u.idx, s.segment_id FROM amc_data.users u, amc_data.segments s
    WHERE rnd(u.idx * 1000000 + s.segment_id, 'seg') < s.share`,
};

const userSegments: SandboxTable = {
  name: 'user_segments',
  deps: ['segment_membership'],
  static: true,
  select: () =>
    `SELECT idx, list(segment_id ORDER BY segment_id) AS segment_ids FROM amc_data.segment_membership GROUP BY idx`,
};

/** One row per source day that is the first Thursday of its month: the day a membership snapshot is taken. */
const snapshots: SandboxTable = {
  name: 'core_segment_snapshots',
  deps: [],
  select: (days) => `
    SELECT d.day AS __day, d.day AS snapshot_date FROM unnest(${days}) d(day)
    WHERE dayofweek(d.day) = 4 AND day(d.day) <= 7`,
};

const garage: SandboxTable = {
  name: 'core_your_garage',
  deps: [],
  static: true,
  select: () => `
    SELECT idx AS uidx, idx * 10 + v.n AS __k FROM amc_data.users, (VALUES (1), (2)) v(n)
    WHERE rnd(idx, 'garage') < 0.18 AND (v.n = 1 OR rnd(idx, 'garage2') < 0.25)`,
};

const PAGES = `['Home', 'Headphones', 'Speakers', 'Deals', 'New Arrivals', 'About']`;
const brandStoreRows = (name: string, n: number, salt: string): SandboxTable => ({
  name,
  deps: [],
  select: (days, volume) => `
    SELECT o.k AS __k, o.day AS __day, u.idx AS uidx, ts_in_day(o.day, rnd(o.k, 't')) AS event_dt_utc
    FROM ${perDay(days, n * volume, salt)}`,
});

const pvcEnrollments: SandboxTable = {
  name: 'core_pvc_enrollments',
  deps: [],
  select: (days, volume) => `
    SELECT o.k AS __k, o.day AS __day, u.idx AS uidx, o.day AS pv_start_date FROM ${perDay(days, 500 * volume, 'pvu')}`,
};

const pvcStreams: SandboxTable = {
  name: 'core_pvc_streams',
  deps: [],
  select: (days, volume) => `
    SELECT o.k AS __k, o.day AS __day, u.idx AS uidx, ts_in_day(o.day, rnd(o.k, 't')) AS pv_playback_dt_utc
    FROM ${perDay(days, 1500 * volume, 'pvs')}`,
};

const experian: SandboxTable = {
  name: 'core_experian',
  deps: [],
  select: (days, volume) => `
    SELECT o.k AS __k, o.day AS __day, u.idx AS uidx, o.day AS purchase_date FROM ${perDay(days, 400 * volume, 'evu')}`,
};

const ncs: SandboxTable = {
  name: 'core_ncs',
  deps: [],
  select: (days, volume) => `
    SELECT o.k AS __k, o.day AS __day, u.idx AS uidx, o.day AS week_end_dt FROM ${perDay(days, 3000 * volume, 'ncs')}
    WHERE dayofweek(o.day) = 6`,
};

export const PAID_TABLES = [
  membership,
  userSegments,
  snapshots,
  garage,
  brandStoreRows('core_brand_store_page_views', 3000, 'bsu'),
  brandStoreRows('core_brand_store_engagement', 4000, 'bse'),
  pvcEnrollments,
  pvcStreams,
  experian,
  ncs,
];

const MAKES = `['Toyota', 'Ford', 'Honda', 'Chevrolet', 'Tesla', 'Subaru']`;
const user = { user_id: 'u.user_id', user_id_type: 'u.user_id_type', no_3p_trackers: 'u.no_3p_trackers' };

/** The first Thursday of the current month, or of the previous month before it (the latest snapshot date). */
const LATEST_SNAPSHOT = `(SELECT max(d) FROM (SELECT date_trunc('month', current_date - to_days(m * 28))::DATE + ((11 - dayofweek(date_trunc('month', current_date - to_days(m * 28)))) % 7)::INTEGER AS d FROM range(3) t(m)) WHERE d <= current_date)`;

const segmentColumns = (region: number) => ({
  ...user,
  segment_id: 's.segment_id',
  segment_name: 's.segment_name',
  segment_marketplace_id: String(region),
});

const REGIONS = { amer: 1, eu: 3, apac: 6 } as const;
const segmentViews: ViewSpec[] = Object.entries(REGIONS).flatMap(([region, marketplace]): ViewSpec[] => [
  {
    name: `audience_segments_${region}`,
    amcTable: `audience_segments_${region}_inmarket`,
    from: `amc_data.segment_membership m JOIN amc_data.segments s USING (segment_id) JOIN amc_data.users u ON u.idx = m.idx`,
    key: 'm.idx * 1000 + s.segment_id % 1000',
    times: { snapshot: LATEST_SNAPSHOT },
    mainTime: 'snapshot',
    columns: { ...segmentColumns(marketplace), snapshot_datetime: LATEST_SNAPSHOT },
    internal: { __kind: 's.kind' },
  },
  {
    name: `audience_segments_${region}_snapshot`,
    amcTable: `audience_segments_${region}_inmarket_snapshot`,
    from: `amc_data.core_segment_snapshots sn CROSS JOIN amc_data.segment_membership m JOIN amc_data.segments s USING (segment_id) JOIN amc_data.users u ON u.idx = m.idx`,
    key: 'm.idx * 1000 + s.segment_id % 1000',
    times: { snapshot: 'sn.snapshot_date::TIMESTAMP' },
    mainTime: 'snapshot',
    columns: { ...segmentColumns(marketplace), snapshot_datetime: 'sn.snapshot_date' },
    internal: { __kind: 's.kind', __day: 'sn.__day', __t: 'sn.snapshot_date::TIMESTAMP' },
  },
]);

const brandStoreColumns = (k: string) => ({
  ...user,
  advertiser_id: '5550001',
  store_name: "'Demo Brand Store'",
  page_id: `'page-' || (1 + floor(rnd(${k}, 'pg') * 6)::BIGINT)::VARCHAR`,
  page_title: `${PAGES}[1 + floor(rnd(${k}, 'pg') * 6)::BIGINT]`,
  ingress_type: `pick(['0', '1', '1', '2', '3', '4', '4', '6'], rnd(${k}, 'in'))`,
  reference_id: `CASE WHEN pick(['0', '1', '1', '2', '3', '4', '4', '6'], rnd(${k}, 'in')) = '4' THEN (73200001 + floor(rnd(${k}, 'ref') * 3)::BIGINT)::VARCHAR END`,
  referrer_domain: `CASE pick(['0', '1', '1', '2', '3', '4', '4', '6'], rnd(${k}, 'in')) WHEN '6' THEN pick(['google.com', 'instagram.com', 'tiktok.com'], rnd(${k}, 'ref')) ELSE 'amazon.com' END`,
  channel: `pick([NULL, NULL, 'email', 'social', 'influencer'], rnd(${k}, 'ch'))`,
  device_type: 'd.device_type',
  marketplace_id: '1',
  session_id: `md5('sess:' || (${k} // 3)::VARCHAR)`,
  visit_id: `md5('visit:' || (${k} // 2)::VARCHAR)`,
});

const brandStoreView = (name: string, core: string, extra: Record<string, string>): ViewSpec => ({
  name,
  amcTable: name,
  from: `amc_data.${core} b JOIN amc_data.users u ON u.idx = b.uidx JOIN amc_data.devices d ON d.dev = u.dev`,
  key: 'b.__k',
  times: { event: 'b.event_dt_utc' },
  mainTime: 'event',
  columns: { ...brandStoreColumns('b.__k'), ...extra },
  internal: { __day: 'b.__day', __t: 'b.event_dt_utc' },
});

const TITLES = `['The Long Trail', 'Kitchen Heroes', 'Night Match Live', 'Summit', 'Tiny Planet']`;
const title = (k: string) => `(1 + floor(rnd(${k}, 'title') * 5)::BIGINT)`;

export const PAID_VIEWS: ViewSpec[] = [
  ...segmentViews,
  {
    name: 'segment_metadata',
    amcTable: 'segment_metadata',
    from: 'amc_data.segments s',
    key: 's.segment_id',
    times: { snapshot: 'current_date::TIMESTAMP' },
    mainTime: 'snapshot',
    columns: {
      segment_id: 's.segment_id',
      segment_name: 's.segment_name',
      segment_description: "s.kind || ' audience of Amazon shoppers: ' || s.category",
      segment_marketplace_id: '1',
      category_level_1: 's.kind',
      category_level_2: 's.category',
      category_path: "s.kind || ' > ' || s.category || ' > ' || s.segment_name",
      no_3p_trackers: 'false',
    },
    internal: {},
  },
  {
    name: 'amazon_your_garage',
    amcTable: 'amazon_your_garage',
    from: 'amc_data.core_your_garage g JOIN amc_data.users u ON u.idx = g.uidx',
    key: 'g.__k',
    times: { snapshot: 'current_date::TIMESTAMP' },
    mainTime: 'snapshot',
    columns: {
      ...user,
      marketplace_name: "'AMAZON.COM'",
      garage_year: "(2012 + floor(rnd(g.__k, 'gy') * 14))::BIGINT::VARCHAR",
      garage_make: `pick(${MAKES}, rnd(g.__k, 'gm'))`,
      garage_model: "pick(['Model A', 'Model B', 'Model C'], rnd(g.__k, 'gmo'))",
      garage_submodel: "pick(['Base', 'Sport', 'Limited', 'Touring'], rnd(g.__k, 'gsm'))",
      garage_bodystyle: "pick(['Sedan', 'SUV', 'Pickup', 'Hatchback'], rnd(g.__k, 'gb'))",
      garage_engine: "pick(['2.0L I4', '2.5L I4', '3.5L V6', 'Electric'], rnd(g.__k, 'ge'))",
      garage_transmission: "pick(['Automatic', 'Manual', 'CVT'], rnd(g.__k, 'gt'))",
      garage_drivetype: "pick(['FWD', 'AWD', 'RWD', '4WD'], rnd(g.__k, 'gd'))",
      garage_brakes: "pick(['Disc', 'Disc/Drum'], rnd(g.__k, 'gbr'))",
      vehicle_type: "pick(['Car', 'SUV', 'Truck', 'Van'], rnd(g.__k, 'gvt'))",
      creation_date: "current_date - to_days(30 + floor(rnd(g.__k, 'gc') * 700)::INTEGER)",
      update_date: "current_date - to_days(10 + floor(rnd(g.__k, 'gu') * 20)::INTEGER)",
      last_accessed_date: "current_date - to_days(floor(rnd(g.__k, 'ga') * 10)::INTEGER)",
    },
    internal: {},
  },
  brandStoreView('amazon_brand_store_page_views', 'core_brand_store_page_views', {
    dwell_time: "round(5 + 120 * pow(rnd(b.__k, 'dw'), 2), 2)",
  }),
  brandStoreView('amazon_brand_store_engagement_events', 'core_brand_store_engagement', {
    asin: "pick(['B0DEMO0001', 'B0DEMO0002', 'B0DEMO0003', 'B0DEMO0004', 'B0DEMO0005'], rnd(b.__k, 'asin'))",
    event_type: "pick(['VIEW', 'CLICK', 'CLICK'], rnd(b.__k, 'et'))",
    event_sub_type: "pick(['PRODUCT_CLICK', 'ADD_TO_CART', 'NAVIGATION', 'VIDEO_PLAY'], rnd(b.__k, 'est'))",
    widget_type: "pick(['ProductGrid', 'Hero', 'Video', 'Gallery'], rnd(b.__k, 'wt'))",
    widget_sub_type: "pick(['Standard', 'Carousel', 'Shoppable'], rnd(b.__k, 'wst'))",
  }),
  {
    name: 'amazon_pvc_enrollments',
    amcTable: 'amazon_pvc_enrollments',
    from: 'amc_data.core_pvc_enrollments p JOIN amc_data.users u ON u.idx = p.uidx',
    key: 'p.__k',
    times: { pv_start: 'p.pv_start_date::TIMESTAMP' },
    mainTime: 'pv_start',
    columns: {
      ...user,
      marketplace_id: '1',
      marketplace_name: "'AMAZON.COM'",
      pv_subscription_name: "pick(['Demo+ Channel', 'Outdoor TV'], rnd(p.__k, 'sub'))",
      pv_subscription_id: "'SUB-' || (hash(p.uidx) % 1000000)::VARCHAR",
      pv_subscription_product_id: "'PROD-' || (1 + floor(rnd(p.__k, 'sub') * 2)::BIGINT)::VARCHAR",
      pv_benefit_id: "'BEN-' || (1 + floor(rnd(p.__k, 'sub') * 2)::BIGINT)::VARCHAR",
      pv_benefit_name: "'Ad-free streaming'",
      pv_offer_name: "pick(['7-day free trial', '30-day free trial', 'Holiday offer'], rnd(p.__k, 'of'))",
      pv_enrollment_status: "pick(['TRIAL', 'ACTIVE', 'ACTIVE', 'CANCELLED'], rnd(p.__k, 'es'))",
      pv_billing_type: "pick(['FREE_TRIAL', 'PAID'], rnd(p.__k, 'bt'))",
      pv_start_date: 'p.pv_start_date',
      pv_end_date: "p.pv_start_date + (7 + floor(rnd(p.__k, 'len') * 60))::INTEGER",
      pv_is_plan_start: "rnd(p.__k, 'ps') < 0.6",
      pv_is_plan_conversion: "rnd(p.__k, 'pc') < 0.25",
      pv_is_promo: "rnd(p.__k, 'pr') < 0.3",
      pv_is_latest_record: 'true',
      pv_sub_event_primary_key: "md5('pvc:' || p.__k::VARCHAR)",
      pv_unit_price: "pick([0, 4.99, 8.99], rnd(p.__k, 'pp'))",
    },
    internal: { __day: 'p.__day', __t: 'p.pv_start_date::TIMESTAMP' },
  },
  {
    name: 'amazon_pvc_streaming_events_feed',
    amcTable: 'amazon_pvc_streaming_events_feed',
    from: 'amc_data.core_pvc_streams p JOIN amc_data.users u ON u.idx = p.uidx',
    key: 'p.__k',
    times: { pv_playback: 'p.pv_playback_dt_utc' },
    mainTime: 'pv_playback',
    columns: {
      ...user,
      marketplace_id: '1',
      marketplace_name: "'AMAZON.COM'",
      pv_session_id: "md5('pvs:' || p.__k::VARCHAR)",
      pv_seconds_viewed: "round(60 + 3000 * pow(rnd(p.__k, 'sec'), 2), 2)",
      pv_gti_title_name: `${TITLES}[${title('p.__k')}]`,
      pv_gti_series_or_movie_name: `${TITLES}[${title('p.__k')}]`,
      pv_gti_content_type: `(['TV Episode', 'TV Episode', 'Live Event', 'Movie', 'Movie'])[${title('p.__k')}]`,
      pv_gti_is_live: `${title('p.__k')} = 3`,
      pv_gti_genre: `([['Documentary'], ['Food', 'Reality'], ['Sports'], ['Drama', 'Adventure'], ['Animation', 'Family']])[${title('p.__k')}]`,
      pv_gti_cast: "['A. Rivera', 'J. Chen']",
      pv_gti_director: "['M. Okafor']",
      pv_gti_content_entity_type: `(['Episode', 'Episode', 'Live Event', 'Movie', 'Short Film'])[${title('p.__k')}]`,
      pv_gti_content_rating: `(['TV-PG', 'TV-G', 'TV-G', 'PG-13', 'G'])[${title('p.__k')}]`,
      pv_gti_studio: `(['Trailhead Films', 'Demo Kitchen Studio', 'Demo Sports', 'North Ridge Pictures', 'Pebble Animation'])[${title('p.__k')}]`,
      pv_gti_season: `CASE WHEN ${title('p.__k')} <= 2 THEN 'Season ' || (1 + floor(rnd(p.__k, 'season') * 3)::BIGINT)::VARCHAR END`,
      pv_gti_episode: `CASE WHEN ${title('p.__k')} <= 2 THEN 'Episode ' || (1 + floor(rnd(p.__k, 'ep') * 10)::BIGINT)::VARCHAR END`,
      pv_gti_event_name: `CASE WHEN ${title('p.__k')} = 3 THEN 'Demo League Matchday ' || (1 + floor(rnd(p.__k, 'md') * 30)::BIGINT)::VARCHAR END`,
      pv_gti_event_context: `CASE WHEN ${title('p.__k')} = 3 THEN 'Regular season' END`,
      pv_gti_event_item: `CASE WHEN ${title('p.__k')} = 3 THEN 'Full match' END`,
      pv_gti_event_sport: `CASE WHEN ${title('p.__k')} = 3 THEN 'Soccer' END`,
      pv_gti_event_league: `CASE WHEN ${title('p.__k')} = 3 THEN 'Demo League' END`,
      pv_gti_release_date: `DATE '2024-01-01' + to_days(${title('p.__k')} * 90)`,
      pv_streaming_asin: `'B0PV' || lpad(${title('p.__k')}::VARCHAR, 6, '0')`,
      pv_streaming_gti: `'amzn1.dv.gti.' || md5('title:' || ${title('p.__k')}::VARCHAR)`,
      pv_streaming_geo_country: "'US'",
      pv_streaming_language: "'en'",
      pv_is_channels: 'true',
      pv_is_svod: 'true',
      pv_is_avod: 'false',
      pv_is_user_initiated: "rnd(p.__k, 'ui') < 0.9",
      pv_is_hh_share: "rnd(p.__k, 'hh') < 0.15",
      pv_access_type: "'prime subscription'",
      pv_offer_group: "'prime'",
      pv_stream_type: `CASE WHEN ${title('p.__k')} = 3 THEN 'live-event' ELSE 'VOD' END`,
      pv_material_type: `CASE WHEN ${title('p.__k')} = 3 THEN 'live' ELSE 'full' END`,
    },
    internal: { __day: 'p.__day', __t: 'p.pv_playback_dt_utc' },
  },
  {
    name: 'experian_vehicle_purchases',
    amcTable: 'experian_vehicle_purchases',
    from: 'amc_data.core_experian x JOIN amc_data.users u ON u.idx = x.uidx',
    key: 'x.__k',
    times: { purchase: 'x.purchase_date::TIMESTAMP' },
    mainTime: 'purchase',
    columns: {
      ...user,
      purchase_date: 'x.purchase_date',
      vehicle_make: `pick(${MAKES}, rnd(x.__k, 'mk'))`,
      vehicle_model: "pick(['Model A', 'Model B', 'Model C'], rnd(x.__k, 'md'))",
      vehicle_model_year: "(2020 + floor(rnd(x.__k, 'yr') * 7))",
      vehicle_type: "pick(['Car', 'SUV', 'Truck', 'Van'], rnd(x.__k, 'vt'))",
      vehicle_class: "pick(['Economy', 'Midsize', 'Luxury'], rnd(x.__k, 'vc'))",
      vehicle_fuel_type: "pick(['Gas', 'Gas', 'Hybrid', 'Electric'], rnd(x.__k, 'fu'))",
      new_or_used: "pick(['N', 'U'], rnd(x.__k, 'nu'))",
      reported_dealership: "'Dealer ' || (1 + floor(rnd(x.__k, 'dl') * 40))::BIGINT::VARCHAR",
      vehicle_registered_state: 'substr(u.iso_state_province_code, 4)',
    },
    internal: { __day: 'x.__day', __t: 'x.purchase_date::TIMESTAMP' },
  },
  {
    name: 'ncs_cpg_insights_stream',
    amcTable: 'ncs_cpg_insights_stream',
    from: 'amc_data.core_ncs n JOIN amc_data.users u ON u.idx = n.uidx',
    key: 'n.__k',
    times: { week_end: 'n.week_end_dt::TIMESTAMP' },
    mainTime: 'week_end',
    columns: {
      user_id: 'u.user_id',
      user_id_type: 'u.user_id_type',
      ncs_household_id: "'HH' || (u.idx // 2)::VARCHAR",
      household_purchase_id: "md5('ncs:' || n.__k::VARCHAR)",
      week_end_dt: 'n.week_end_dt',
      department: "pick(['Grocery', 'Health & Beauty', 'Household'], rnd(n.__k, 'dep'))",
      super_category: "pick(['Snacks', 'Beverages', 'Personal Care', 'Cleaning'], rnd(n.__k, 'sup'))",
      category: "pick(['Chips', 'Sparkling Water', 'Shampoo', 'Detergent'], rnd(n.__k, 'sup'))",
      product_category: "pick(['Chips', 'Sparkling Water', 'Shampoo', 'Detergent'], rnd(n.__k, 'sup'))",
      brand: "pick(['Crunchy Co', 'FizzUp', 'SilkHair', 'CleanHome'], rnd(n.__k, 'sup'))",
      sub_brand: "pick(['Original', 'Lite', 'Family Size'], rnd(n.__k, 'sb'))",
      purchase_quantity: "1 + floor(rnd(n.__k, 'qty') * 3)",
      purchase_dollar_amount: "round(2.5 + 20 * rnd(n.__k, 'amt'), 2)",
    },
    internal: { __day: 'n.__day', __t: 'n.week_end_dt::TIMESTAMP' },
  },
];
