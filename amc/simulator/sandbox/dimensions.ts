/**
 * Fixed dimensions of the synthetic AMC world: advertisers, DSP and sponsored-ads campaigns with their line items
 * (ad groups) and creatives, ASINs, audience segments, device profiles, places and shoppers. Loaded once as small
 * tables; the per-day event generators (tables-*.ts) pick from them with seeded hashes and the public views join
 * them, so a campaign, line item, creative, ASIN, segment or shopper carries the same attributes in every table.
 * Weights are each campaign's share of its channel's traffic; `audience` is the share of users it reaches.
 */

export interface Advertiser {
  id: number;
  name: string;
  /** A US time zone, and its standard UTC offset in hours (local times apply US daylight-saving rules). */
  timezone: string;
  stdOffset: number;
  entityId: string;
  merchantId: number;
}

export const ADVERTISERS: Advertiser[] = [
  {
    id: 5_550_001,
    name: 'Demo Brand',
    timezone: 'America/Los_Angeles',
    stdOffset: -8,
    entityId: 'ENTITY1DEMOBRAND01',
    merchantId: 71_000_001,
  },
  {
    id: 5_550_002,
    name: 'Acme Outdoors',
    timezone: 'America/New_York',
    stdOffset: -5,
    entityId: 'ENTITY2ACMEOUTDR02',
    merchantId: 71_000_002,
  },
];

export interface DspCampaign {
  id: number;
  name: string;
  advertiser: 0 | 1;
  weight: number;
  cpm: number; // dollars
  ctr: number;
  audience: number;
  video: boolean;
  goal: string;
}

const dsp = (
  id: number,
  name: string,
  advertiser: 0 | 1,
  weight: number,
  cpm: number,
  ctr: number,
  audience: number,
  goal: string,
  video = false,
): DspCampaign => ({ id, name, advertiser, weight, cpm, ctr, audience, video, goal });

export const DSP_CAMPAIGNS: DspCampaign[] = [
  dsp(58_100_001, 'Demo Brand | Always On | Awareness', 0, 0.22, 4.1, 0.005, 0.5, 'REACH', true),
  dsp(58_100_002, 'Demo Brand | Retargeting | Detail Page Viewers', 0, 0.18, 7.8, 0.012, 0.12, 'ROAS'),
  dsp(58_100_003, 'Demo Brand | Holiday Gifting | OLV', 0, 0.14, 11.5, 0.004, 0.35, 'COMPLETION_RATE', true),
  dsp(58_100_004, 'Demo Brand | In-Market Home Audio', 0, 0.12, 6.2, 0.007, 0.25, 'DPVR'),
  dsp(58_100_005, 'Summer Launch', 0, 0.1, 5.5, 0.006, 0.22, 'CTR'),
  dsp(58_100_006, "Back-to-School '26", 1, 0.1, 6.9, 0.009, 0.3, 'TOTAL_ROAS'),
  dsp(58_100_007, 'Acme Outdoors | Fire TV Streaming', 1, 0.08, 14.0, 0.003, 0.2, 'REACH', true),
  dsp(58_100_008, 'Acme Outdoors | Competitor Conquest', 1, 0.06, 8.4, 0.008, 0.15, 'CPA'),
];

export interface SponsoredCampaign {
  id: number;
  name: string;
  product: 'sponsored_products' | 'sponsored_brands' | 'sponsored_display' | 'sponsored_television';
  advertiser: 0 | 1;
  weight: number;
  ctr: number;
  cpc: number; // dollars per click (SP/SB) or per thousand impressions (SD/STV)
  keywords: string[];
}

const sa = (
  id: number,
  name: string,
  product: SponsoredCampaign['product'],
  advertiser: 0 | 1,
  weight: number,
  ctr: number,
  cpc: number,
  keywords: string[],
): SponsoredCampaign => ({ id, name, product, advertiser, weight, ctr, cpc, keywords });

export const SPONSORED_CAMPAIGNS: SponsoredCampaign[] = [
  sa(73_200_001, 'SP | Headphones | Exact', 'sponsored_products', 0, 0.18, 0.011, 0.95, [
    'wireless headphones',
    'noise cancelling headphones',
    'bluetooth headphones',
  ]),
  sa(73_200_002, 'SP | Speakers | Broad', 'sponsored_products', 0, 0.15, 0.008, 0.8, [
    'bluetooth speaker',
    'portable speaker',
    'waterproof speaker',
  ]),
  sa(73_200_003, 'SP | Camping | Auto', 'sponsored_products', 1, 0.13, 0.009, 0.7, [
    'camping tent',
    'sleeping bag',
    'hiking backpack',
  ]),
  sa(73_200_004, 'SP | Brand Defense', 'sponsored_products', 0, 0.1, 0.018, 0.55, [
    'demo brand',
    'demo brand headphones',
    'acme outdoors',
  ]),
  sa(73_200_005, 'SP | Competitor ASIN Targeting', 'sponsored_products', 0, 0.08, 0.006, 1.2, [
    'asin="B0COMPET01"',
    'asin="B0COMPET02"',
  ]),
  sa(73_200_006, 'SB | Demo Brand Store Spotlight', 'sponsored_brands', 0, 0.1, 0.01, 1.1, ['headphones', 'speakers']),
  sa(73_200_007, 'SB | Outdoor Video', 'sponsored_brands', 1, 0.06, 0.007, 1.3, ['tent', 'camping gear']),
  sa(73_200_008, 'SD | Views Remarketing', 'sponsored_display', 0, 0.09, 0.005, 5.5, ['views=30d', 'similar products']),
  sa(73_200_009, 'SD | Audiences In-Market', 'sponsored_display', 0, 0.07, 0.004, 4.8, ['in-market electronics']),
  sa(73_200_010, 'STV | Fall Streaming', 'sponsored_television', 1, 0.04, 0.001, 24.0, ['streaming tv']),
];

export const ASINS = [
  {
    asin: 'B0DEMO0001',
    brand: 'Demo Brand',
    parent: 'B0DEMOP001',
    price: 79.99,
    name: 'Demo Brand Wireless Headphones',
  },
  {
    asin: 'B0DEMO0002',
    brand: 'Demo Brand',
    parent: 'B0DEMOP001',
    price: 129.99,
    name: 'Demo Brand ANC Headphones Pro',
  },
  { asin: 'B0DEMO0003', brand: 'Demo Brand', parent: 'B0DEMOP002', price: 49.99, name: 'Demo Brand Portable Speaker' },
  { asin: 'B0DEMO0004', brand: 'Demo Brand', parent: 'B0DEMOP003', price: 199.0, name: 'Demo Brand Soundbar' },
  { asin: 'B0DEMO0005', brand: 'Demo Brand', parent: 'B0DEMOP003', price: 24.99, name: 'Demo Brand Earbuds Case' },
  { asin: 'B0ACME0001', brand: 'Acme Outdoors', parent: 'B0ACMEP001', price: 159.0, name: 'Acme 4-Person Tent' },
  { asin: 'B0ACME0002', brand: 'Acme Outdoors', parent: 'B0ACMEP001', price: 89.5, name: 'Acme 2-Person Tent' },
  { asin: 'B0ACME0003', brand: 'Acme Outdoors', parent: 'B0ACMEP002', price: 34.99, name: 'Acme Sleeping Bag' },
];

export const SEGMENTS = [
  [410_001, 'In-market: Headphones', 'In-Market', 'Electronics', 0.18],
  [410_002, 'In-market: Home Audio', 'In-Market', 'Electronics', 0.14],
  [410_003, 'In-market: Camping & Hiking', 'In-Market', 'Sports & Outdoors', 0.12],
  [410_004, 'In-market: Fitness Trackers', 'In-Market', 'Electronics', 0.09],
  [410_005, 'In-market: Smart Home', 'In-Market', 'Electronics', 0.16],
  [410_006, 'In-market: Holiday Gifts', 'In-Market', 'Seasonal', 0.25],
  [420_001, 'Lifestyle: Fitness Enthusiasts', 'Lifestyle', 'Health', 0.2],
  [420_002, 'Lifestyle: Outdoor Adventurers', 'Lifestyle', 'Sports & Outdoors', 0.15],
  [420_003, 'Lifestyle: Music Lovers', 'Lifestyle', 'Entertainment', 0.3],
  [420_004, 'Lifestyle: Frequent Travelers', 'Lifestyle', 'Travel', 0.12],
  [420_005, 'Lifestyle: Young Families', 'Lifestyle', 'Family', 0.17],
  [420_006, 'Lifestyle: Streaming Watchers', 'Lifestyle', 'Entertainment', 0.35],
] as const;

/** Device profiles; a shopper's index into this list is drawn from the list's own (repeated) shares. */
const DEVICES = [
  ['Phone', 'Apple', 'iPhone', 'iOS', '18.1', 'Mobile Safari', 'App'],
  ['Phone', 'Samsung', 'Galaxy S24', 'Android', '15', 'Android App', 'App'],
  ['Phone', 'Google', 'Pixel 9', 'Android', '15', 'Chrome Mobile', 'Web'],
  ['PC', 'Generic', 'Windows PC', 'Windows', '11', 'Chrome', 'Web'],
  ['PC', 'Apple', 'Macintosh', 'macOS', '15.1', 'Safari', 'Web'],
  ['Tablet', 'Amazon', 'Fire HD 10', 'Fire OS', '8', 'Silk', 'App'],
  ['TV', 'Amazon', 'Fire TV Stick 4K', 'Fire OS', '7', 'Fire TV App', 'App'],
  ['ConnectedDevice', 'Roku', 'Roku Ultra', 'Roku OS', '13', 'Roku App', 'App'],
] as const;

/** Places: city, ISO 3166-2 state, Nielsen DMA, postal-code prefix, population share. */
const PLACES = [
  ['New York', 'US-NY', 'US-DMA501', '100', 0.14],
  ['Los Angeles', 'US-CA', 'US-DMA803', '900', 0.12],
  ['Chicago', 'US-IL', 'US-DMA602', '606', 0.08],
  ['Dallas', 'US-TX', 'US-DMA623', '752', 0.07],
  ['Houston', 'US-TX', 'US-DMA618', '770', 0.06],
  ['Philadelphia', 'US-PA', 'US-DMA504', '191', 0.06],
  ['Atlanta', 'US-GA', 'US-DMA524', '303', 0.06],
  ['Seattle', 'US-WA', 'US-DMA819', '981', 0.07],
  ['Miami', 'US-FL', 'US-DMA528', '331', 0.06],
  ['Boston', 'US-MA', 'US-DMA506', '021', 0.05],
  ['Denver', 'US-CO', 'US-DMA751', '802', 0.05],
  ['Phoenix', 'US-AZ', 'US-DMA753', '850', 0.05],
  ['Minneapolis', 'US-MN', 'US-DMA613', '554', 0.04],
  ['Portland', 'US-OR', 'US-DMA820', '972', 0.04],
  ['Columbus', 'US-OH', 'US-DMA535', '432', 0.05],
] as const;

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const list = (xs: readonly (string | number)[], type: string) =>
  `[${xs.map((x) => (typeof x === 'number' ? String(x) : q(x))).join(', ')}]::${type}[]`;

function cumulative<T extends { weight: number }>(rows: T[]): { row: T; lo: number; hi: number }[] {
  const total = rows.reduce((a, r) => a + r.weight, 0);
  let acc = 0;
  return rows.map((row) => {
    const lo = acc / total;
    acc += row.weight;
    return { row, lo, hi: acc / total };
  });
}

/** Brand of a sponsored-ads campaign's products. */
const brandOf = (advertiser: 0 | 1) => ADVERTISERS[advertiser]!.name;
const asinsOf = (advertiser: 0 | 1) => ASINS.filter((a) => a.brand === brandOf(advertiser)).map((a) => a.asin);

/** The three line items of a DSP campaign, targeting one in-market and one lifestyle segment each. */
const lineItemsOf = (c: DspCampaign) =>
  [1, 2, 3].map((n) => {
    const id = c.id * 100 + n;
    const video = c.video && n === 3;
    return {
      id,
      campaignId: c.id,
      n,
      name: `${c.name} | LI ${n}`,
      video,
      type: video
        ? c.name.includes('Fire TV')
          ? 'Streaming TV'
          : 'Video'
        : n === 2
          ? 'Mobile App'
          : 'Standard Display',
      priceType: video ? 'VCPM' : 'CPM',
      targets: [410_001 + (id % 6), 420_001 + ((id + 3) % 6)],
      deal: n === 3 && !video ? { id: `DEAL${String(id).slice(-6)}`, name: `${c.name} | Premium PMP` } : null,
    };
  });

/** SQL creating the dimension tables in schema amc_data; `users` is the size of the shopper population. */
export function dimensionSql(users: number): string[] {
  const advRows = ADVERTISERS.map(
    (a, i) =>
      `(${a.id}::BIGINT, ${q(a.name)}, ${q(a.timezone)}, ${a.stdOffset}, ${q(a.entityId)}, ${a.merchantId}::BIGINT, ${i}, ${list([9_000_000 + i * 10 + 1, 9_000_000 + i * 10 + 2], 'BIGINT')}, ${list([9_100_001], 'BIGINT')})`,
  );

  let audienceStart = 0;
  const dspRows = cumulative(DSP_CAMPAIGNS).map(({ row: c, lo, hi }, i) => {
    const size = Math.max(200, Math.round(users * c.audience));
    const start = audienceStart;
    audienceStart = (audienceStart + Math.round(users * 0.13)) % users;
    const adv = ADVERTISERS[c.advertiser]!;
    return `(${c.id}::BIGINT, 'dsp', ${q(c.name)}, NULL::VARCHAR, ${adv.id}::BIGINT, ${lo}, ${hi}, ${c.cpm}, ${c.ctr}, NULL::DOUBLE, ${start}, ${size}, ${c.video}, ${list(asinsOf(c.advertiser), 'VARCHAR')}, []::VARCHAR[], ${q(c.goal)}, ${i})`;
  });
  const saRows = cumulative(SPONSORED_CAMPAIGNS).map(({ row: c, lo, hi }, i) => {
    const adv = ADVERTISERS[c.advertiser]!;
    const start = Math.round((users * 0.07 * i) % users);
    return `(${c.id}::BIGINT, 'sa', ${q(c.name)}, ${q(c.product)}, ${adv.id}::BIGINT, ${lo}, ${hi}, NULL::DOUBLE, ${c.ctr}, ${c.cpc}, ${start}, ${Math.round(users * 0.3)}, ${c.product === 'sponsored_television' || c.name.includes('Video')}, ${list(asinsOf(c.advertiser), 'VARCHAR')}, ${list(c.keywords, 'VARCHAR')}, NULL::VARCHAR, ${DSP_CAMPAIGNS.length + i})`;
  });

  const liRows = DSP_CAMPAIGNS.flatMap((c) =>
    lineItemsOf(c).map(
      (li) =>
        `(${li.id}::BIGINT, ${c.id}::BIGINT, ${li.n}, ${q(li.name)}, ${li.video}, ${q(li.type)}, ${q(li.priceType)}, ${list(li.targets, 'INTEGER')}, ${li.deal ? q(li.deal.id) : 'NULL'}, ${li.deal ? q(li.deal.name) : 'NULL'})`,
    ),
  );
  const agRows = SPONSORED_CAMPAIGNS.flatMap((c) =>
    [1, 2].map(
      (n) =>
        `(${c.id * 10 + n}::BIGINT, ${c.id}::BIGINT, ${n}, ${q(`${c.name} - AG ${n}`)}, ${c.product === 'sponsored_television'}, ${q(c.product === 'sponsored_products' ? (n === 1 ? 'KEYWORD' : 'PRODUCT') : c.product === 'sponsored_brands' ? 'KEYWORD' : 'AUDIENCE')}, ${q(c.product === 'sponsored_products' || c.product === 'sponsored_brands' ? 'CPC' : 'VCPM')}, []::INTEGER[], NULL, NULL)`,
    ),
  );
  const asinRows = ASINS.map((a, i) => `(${q(a.asin)}, ${q(a.brand)}, ${q(a.parent)}, ${a.price}, ${q(a.name)}, ${i})`);
  const segRows = SEGMENTS.map(
    ([id, name, kind, cat, share]) => `(${id}::INTEGER, ${q(name)}, ${q(kind)}, ${q(cat)}, ${share})`,
  );
  const deviceRows = DEVICES.map((d, i) => `(${i}, ${d.map((x) => q(x)).join(', ')})`);
  const placeRows = cumulative(
    PLACES.map(([city, state, dma, zip, weight]) => ({ city, state, dma, zip, weight })),
  ).map(({ row: p, lo, hi }, i) => `(${i}, ${q(p.city)}, ${q(p.state)}, ${q(p.dma)}, ${q(p.zip)}, ${lo}, ${hi})`);

  return [
    `CREATE TABLE amc_data.advertisers AS SELECT * FROM (VALUES ${advRows.join(',')}) t(advertiser_id, advertiser, advertiser_timezone, tz_std, entity_id, merchant_id, ord, advertiser_frequency_group_ids, manager_frequency_group_ids)`,
    // One table for both channels: campaign ids never collide, so attributed events and relevance join it once.
    `CREATE TABLE amc_data.campaigns AS SELECT t.*, a.advertiser, a.advertiser_timezone, a.tz_std, a.entity_id, a.merchant_id,
        a.advertiser_frequency_group_ids, a.manager_frequency_group_ids,
        TIMESTAMP '2025-01-06 00:00:00' + to_days((t.ord * 37) % 90) AS start_utc,
        TIMESTAMP '2027-12-31 23:59:59' AS end_utc,
        (50000 + t.ord * 12500)::BIGINT * 100000 AS budget_millicents,
        t.campaign_id * 7 + 3 AS flight_id, 'IO-' || (4400 + t.ord)::VARCHAR AS insertion_order_id
      FROM (VALUES ${[...dspRows, ...saRows].join(',')}) t(campaign_id, channel, campaign, ad_product_type, advertiser_id, cum_lo, cum_hi, cpm, ctr, cpc, aud_start, aud_size, video, asins, keywords, goal, ord)
      JOIN amc_data.advertisers a USING (advertiser_id)`,
    // DSP line items and sponsored-ads ad groups share one id space too (ad_group = line_item in AMC's SA table).
    `CREATE TABLE amc_data.line_items AS SELECT t.*, c.start_utc + to_days(t.n * 3) AS start_utc, c.end_utc - to_days(t.n) AS end_utc,
        (c.budget_millicents // 3) AS budget_millicents
      FROM (VALUES ${[...liRows, ...agRows].join(',')}) t(line_item_id, campaign_id, n, line_item, video, line_item_type, price_type, targets, deal_id, deal_name)
      JOIN amc_data.campaigns c USING (campaign_id)`,
    // Two creatives per line item: id = line item * 10 + 1|2.
    `CREATE TABLE amc_data.creatives AS SELECT li.line_item_id * 10 + n.n AS creative_id, li.line_item_id, li.campaign_id, n.n,
        li.line_item || ' | ' || CASE WHEN li.video THEN (15 * n.n)::VARCHAR || 's spot' ELSE (['300x250', '728x90', '320x50'])[1 + (li.line_item_id + n.n) % 3] END AS creative,
        CASE WHEN li.video THEN 'Video' ELSE 'Display' END AS creative_category,
        CASE WHEN li.video THEN 15 * n.n END AS creative_duration,
        CASE WHEN li.video THEN '1920x1080' ELSE (['300x250', '728x90', '320x50'])[1 + (li.line_item_id + n.n) % 3] END AS creative_size,
        CASE WHEN li.video AND li.line_item_type = 'Streaming TV' THEN 'Streaming TV Video' WHEN li.video THEN 'Online Video'
             WHEN li.line_item_type = 'Mobile App' THEN 'Responsive eCommerce' ELSE 'Standard Display' END AS creative_type,
        CASE WHEN n.n = 1 THEN 'Y' ELSE 'N' END AS creative_is_link_in
      FROM amc_data.line_items li, (VALUES (1), (2)) n(n)`,
    ...['dsp', 'sa'].map(
      (k) => `CREATE TABLE amc_data.${k}_buckets AS SELECT b.bucket, c.campaign_id FROM range(1000) b(bucket)
        JOIN amc_data.campaigns c ON c.channel = '${k}' AND (b.bucket + 0.5) / 1000 >= c.cum_lo AND (b.bucket + 0.5) / 1000 < c.cum_hi`,
    ),
    `CREATE TABLE amc_data.asins AS SELECT * FROM (VALUES ${asinRows.join(',')}) t(asin, brand, parent, price, asin_name, ord)`,
    `CREATE TABLE amc_data.segments AS SELECT * FROM (VALUES ${segRows.join(',')}) t(segment_id, segment_name, kind, category, share)`,
    `CREATE TABLE amc_data.devices AS SELECT * FROM (VALUES ${deviceRows.join(',')}) t(dev, device_type, device_make, device_model, operating_system, os_version, browser_family, environment_type)`,
    `CREATE TABLE amc_data.places AS SELECT * FROM (VALUES ${placeRows.join(',')}) t(place, city_name, iso_state_province_code, dma_code, zip_prefix, cum_lo, cum_hi)`,
    `CREATE TABLE amc_data.place_buckets AS SELECT b.bucket, p.place FROM range(1000) b(bucket)
      JOIN amc_data.places p ON (b.bucket + 0.5) / 1000 >= p.cum_lo AND (b.bucket + 0.5) / 1000 < p.cum_hi`,
    `CREATE TABLE amc_data.users_base AS SELECT i AS idx,
        substr(md5('user:' || i::VARCHAR || ':' || seed_text()), 1, 24) AS user_id,
        CASE WHEN rnd(i, 'idt') < 0.7 THEN 'adUserId' WHEN rnd(i, 'idt') < 0.9 THEN 'sisDeviceId' WHEN rnd(i, 'idt') < 0.98 THEN 'adBrowserId' ELSE NULL END AS user_id_type,
        floor(rnd(i, 'dev') * ${DEVICES.length})::INTEGER AS dev,
        rnd(i, 'geo') AS geo,
        lpad(floor(rnd(i, 'zip') * 100)::BIGINT::VARCHAR, 2, '0') AS zip_suffix,
        rnd(i, 'ntb') < 0.55 AS new_to_brand,
        rnd(i, 'no3p') < 0.04 AS no_3p_trackers
      FROM range(${users}) r(i)`,
    // A shopper's own device profile and place; events sometimes happen on another device (see tables-dsp.ts).
    `CREATE TABLE amc_data.users AS SELECT u.idx, u.user_id, u.user_id_type, u.new_to_brand, u.no_3p_trackers, u.dev,
        d.device_type, p.city_name, p.iso_state_province_code, p.dma_code, p.zip_prefix || u.zip_suffix AS postal_code,
        md5('device:' || u.idx::VARCHAR) AS device_id
      FROM amc_data.users_base u JOIN amc_data.devices d USING (dev)
        JOIN amc_data.place_buckets pb ON pb.bucket = floor(u.geo * 1000)::BIGINT JOIN amc_data.places p USING (place)`,
    'DROP TABLE amc_data.users_base',
  ];
}
