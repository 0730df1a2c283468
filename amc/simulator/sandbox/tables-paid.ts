/**
 * Paid-feature and audience tables: segment membership (static), segment metadata, Brand Store page views,
 * Experian vehicle purchases, Your Garage vehicles (static) and Prime Video Channel enrollments.
 */
import type { SandboxTable } from './table-def';

const DAY_KEY = `(epoch(d.day)::BIGINT // 86400)`;
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

const audienceSegments: SandboxTable = {
  name: 'audience_segments',
  deps: ['segment_membership'],
  static: true,
  select: () => `
    SELECT s.segment_id::INTEGER AS segment_id, s.segment_name, 1::BIGINT AS segment_marketplace_id, rnd(u.idx, 'no3p') < 0.04 AS no_3p_trackers,
      u.user_id, u.user_id_type, s.kind AS __kind, TIMESTAMP '2026-01-01 00:00:00' AS snapshot_datetime
    FROM amc_data.segment_membership m JOIN amc_data.users u USING (idx) JOIN amc_data.segments s USING (segment_id)`,
};

const segmentMetadata: SandboxTable = {
  name: 'segment_metadata',
  deps: [],
  static: true,
  select: () => `
    SELECT segment_id::INTEGER AS segment_id, segment_name, kind || ' audience of Amazon shoppers: ' || category AS segment_description,
      1::BIGINT AS segment_marketplace_id, kind AS category_level_1, category AS category_level_2, kind || ' > ' || category || ' > ' || segment_name AS category_path
    FROM amc_data.segments`,
};

const brandStore: SandboxTable = {
  name: 'amazon_brand_store_page_views',
  deps: [],
  select: (days, volume) => `
    SELECT 5550001::BIGINT AS advertiser_id, 'Demo Brand Store' AS store_name,
      'page-' || (1 + floor(rnd(o.k, 'pg') * 6)::BIGINT)::VARCHAR AS page_id,
      pick(['Home', 'Headphones', 'Speakers', 'Deals', 'New Arrivals', 'About'], rnd(o.k, 'pg')) AS page_title,
      ts_in_day(o.day, rnd(o.k, 't')) AS event_dt_utc, CAST(ts_in_day(o.day, rnd(o.k, 't')) AS DATE) AS event_date_utc,
      CAST(round(5 + 120 * pow(rnd(o.k, 'dw'), 2), 2) AS DECIMAL(18,2)) AS dwell_time,
      pick(['0', '1', '1', '2', '4', '4', '4', '6'], rnd(o.k, 'in')) AS ingress_type,
      CASE WHEN pick(['0', '1', '1', '2', '4', '4', '4', '6'], rnd(o.k, 'in')) = '4' THEN '5810000' || (1 + floor(rnd(o.k, 'ref') * 5)::BIGINT)::VARCHAR END AS reference_id,
      pick([NULL, NULL, 'email', 'social', 'influencer'], rnd(o.k, 'ch')) AS channel, u.device_type,
      md5('sess:' || (o.k // 3)::VARCHAR) AS session_id, u.user_id, o.day AS __day
    FROM ${perDay(days, 3000 * volume, 'bsu')}`,
};

const experian: SandboxTable = {
  name: 'experian_vehicle_purchases',
  deps: [],
  select: (days, volume) => `
    SELECT o.day AS purchase_date, pick(['Toyota', 'Ford', 'Honda', 'Chevrolet', 'Tesla', 'Subaru'], rnd(o.k, 'mk')) AS vehicle_make,
      pick(['Model A', 'Model B', 'Model C'], rnd(o.k, 'md')) AS vehicle_model, (2020 + floor(rnd(o.k, 'yr') * 7))::INTEGER AS vehicle_model_year,
      pick(['Car', 'SUV', 'Truck', 'Van'], rnd(o.k, 'vt')) AS vehicle_type, pick(['Economy', 'Midsize', 'Luxury'], rnd(o.k, 'vc')) AS vehicle_class,
      pick(['Gas', 'Gas', 'Hybrid', 'Electric'], rnd(o.k, 'fu')) AS vehicle_fuel_type, pick(['N', 'U'], rnd(o.k, 'nu')) AS new_or_used,
      'Dealer ' || (1 + floor(rnd(o.k, 'dl') * 40))::BIGINT::VARCHAR AS reported_dealership,
      pick(['CA', 'TX', 'NY', 'FL', 'WA', 'IL', 'OH'], rnd(o.k, 'st')) AS vehicle_registered_state, u.user_id, o.day AS __day
    FROM ${perDay(days, 400 * volume, 'evu')}`,
};

const garage: SandboxTable = {
  name: 'amazon_your_garage',
  deps: [],
  static: true,
  select: () => `
    SELECT (2012 + floor(rnd(idx, 'gy') * 14))::BIGINT::VARCHAR AS garage_year, pick(['Toyota', 'Ford', 'Honda', 'Chevrolet', 'Tesla', 'Subaru'], rnd(idx, 'gm')) AS garage_make,
      pick(['Model A', 'Model B', 'Model C'], rnd(idx, 'gmo')) AS garage_model, pick(['Car', 'SUV', 'Truck', 'Van'], rnd(idx, 'gt')) AS vehicle_type,
      DATE '2024-01-01' + floor(rnd(idx, 'gc') * 700)::INTEGER AS creation_date, DATE '2026-01-01' + floor(rnd(idx, 'ga') * 300)::INTEGER AS last_accessed_date,
      'AMAZON.COM' AS marketplace_name, user_id, user_id_type
    FROM amc_data.users WHERE rnd(idx, 'garage') < 0.18`,
};

const pvc: SandboxTable = {
  name: 'amazon_pvc_enrollments',
  deps: [],
  select: (days, volume) => `
    SELECT pick(['Demo+ Channel', 'Outdoor TV'], rnd(o.k, 'sub')) AS pv_subscription_name, 'Ad-free streaming' AS pv_benefit_name,
      pick(['7-day free trial', '30-day free trial', 'Holiday offer'], rnd(o.k, 'of')) AS pv_offer_name,
      pick(['TRIAL', 'ACTIVE', 'ACTIVE', 'CANCELLED'], rnd(o.k, 'es')) AS pv_enrollment_status, pick(['FREE_TRIAL', 'PAID'], rnd(o.k, 'bt')) AS pv_billing_type,
      o.day AS pv_start_date, o.day + (7 + floor(rnd(o.k, 'len') * 60))::INTEGER AS pv_end_date, rnd(o.k, 'ps') < 0.6 AS pv_is_plan_start,
      rnd(o.k, 'pr') < 0.3 AS pv_is_promo, CAST(pick([0, 4.99, 8.99], rnd(o.k, 'pp')) AS DECIMAL(18,2)) AS pv_unit_price,
      'AMAZON.COM' AS marketplace_name, u.user_id, o.day AS __day
    FROM ${perDay(days, 500 * volume, 'pvu')}`,
};

export const PAID_TABLES = [membership, audienceSegments, segmentMetadata, brandStore, experian, garage, pvc];
