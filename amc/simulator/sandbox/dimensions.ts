/**
 * Fixed dimensions of the synthetic AMC world: advertisers, DSP and sponsored-ads campaigns, ASINs, audience
 * segments. Loaded as small tables; the per-day event generators (tables-*.ts) pick from them with seeded hashes.
 * Weights are each campaign's share of its channel's traffic; `audience` is the share of users it reaches.
 */

export interface DspCampaign {
  id: number;
  name: string;
  advertiserId: number;
  advertiser: string;
  weight: number;
  cpm: number; // dollars
  ctr: number;
  audience: number;
  video: boolean;
}

export const ADVERTISERS = [
  { id: 5_550_001, name: 'Demo Brand' },
  { id: 5_550_002, name: 'Acme Outdoors' },
];

const dsp = (
  id: number,
  name: string,
  adv: 0 | 1,
  weight: number,
  cpm: number,
  ctr: number,
  audience: number,
  video = false,
): DspCampaign => ({
  id,
  name,
  advertiserId: ADVERTISERS[adv]!.id,
  advertiser: ADVERTISERS[adv]!.name,
  weight,
  cpm,
  ctr,
  audience,
  video,
});

export const DSP_CAMPAIGNS: DspCampaign[] = [
  dsp(58_100_001, 'Demo Brand | Always On | Awareness', 0, 0.22, 4.1, 0.005, 0.5, true),
  dsp(58_100_002, 'Demo Brand | Retargeting | Detail Page Viewers', 0, 0.18, 7.8, 0.012, 0.12),
  dsp(58_100_003, 'Demo Brand | Holiday Gifting | OLV', 0, 0.14, 11.5, 0.004, 0.35, true),
  dsp(58_100_004, 'Demo Brand | In-Market Home Audio', 0, 0.12, 6.2, 0.007, 0.25),
  dsp(58_100_005, 'Summer Launch', 0, 0.1, 5.5, 0.006, 0.22),
  dsp(58_100_006, "Back-to-School '26", 1, 0.1, 6.9, 0.009, 0.3),
  dsp(58_100_007, 'Acme Outdoors | Fire TV Streaming', 1, 0.08, 14.0, 0.003, 0.2, true),
  dsp(58_100_008, 'Acme Outdoors | Competitor Conquest', 1, 0.06, 8.4, 0.008, 0.15),
];

export interface SponsoredCampaign {
  id: number;
  name: string;
  product: 'sponsored_products' | 'sponsored_brands' | 'sponsored_display' | 'sponsored_television';
  weight: number;
  ctr: number;
  cpc: number; // dollars per click (SP/SB) or per thousand impressions (SD/STV)
  keywords: string[];
}

const sa = (
  id: number,
  name: string,
  product: SponsoredCampaign['product'],
  weight: number,
  ctr: number,
  cpc: number,
  keywords: string[],
): SponsoredCampaign => ({
  id,
  name,
  product,
  weight,
  ctr,
  cpc,
  keywords,
});

export const SPONSORED_CAMPAIGNS: SponsoredCampaign[] = [
  sa(73_200_001, 'SP | Headphones | Exact', 'sponsored_products', 0.18, 0.011, 0.95, [
    'wireless headphones',
    'noise cancelling headphones',
    'bluetooth headphones',
  ]),
  sa(73_200_002, 'SP | Speakers | Broad', 'sponsored_products', 0.15, 0.008, 0.8, [
    'bluetooth speaker',
    'portable speaker',
    'waterproof speaker',
  ]),
  sa(73_200_003, 'SP | Camping | Auto', 'sponsored_products', 0.13, 0.009, 0.7, [
    'camping tent',
    'sleeping bag',
    'hiking backpack',
  ]),
  sa(73_200_004, 'SP | Brand Defense', 'sponsored_products', 0.1, 0.018, 0.55, [
    'demo brand',
    'demo brand headphones',
    'acme outdoors',
  ]),
  sa(73_200_005, 'SP | Competitor ASIN Targeting', 'sponsored_products', 0.08, 0.006, 1.2, [
    'asin="B0COMPET01"',
    'asin="B0COMPET02"',
  ]),
  sa(73_200_006, 'SB | Demo Brand Store Spotlight', 'sponsored_brands', 0.1, 0.01, 1.1, ['headphones', 'speakers']),
  sa(73_200_007, 'SB | Outdoor Video', 'sponsored_brands', 0.06, 0.007, 1.3, ['tent', 'camping gear']),
  sa(73_200_008, 'SD | Views Remarketing', 'sponsored_display', 0.09, 0.005, 5.5, ['views=30d', 'similar products']),
  sa(73_200_009, 'SD | Audiences In-Market', 'sponsored_display', 0.07, 0.004, 4.8, ['in-market electronics']),
  sa(73_200_010, 'STV | Fall Streaming', 'sponsored_television', 0.04, 0.001, 24.0, ['streaming tv']),
];

export const ASINS = [
  { asin: 'B0DEMO0001', brand: 'Demo Brand', parent: 'B0DEMOP001', price: 79.99 },
  { asin: 'B0DEMO0002', brand: 'Demo Brand', parent: 'B0DEMOP001', price: 129.99 },
  { asin: 'B0DEMO0003', brand: 'Demo Brand', parent: 'B0DEMOP002', price: 49.99 },
  { asin: 'B0DEMO0004', brand: 'Demo Brand', parent: 'B0DEMOP003', price: 199.0 },
  { asin: 'B0DEMO0005', brand: 'Demo Brand', parent: 'B0DEMOP003', price: 24.99 },
  { asin: 'B0ACME0001', brand: 'Acme Outdoors', parent: 'B0ACMEP001', price: 159.0 },
  { asin: 'B0ACME0002', brand: 'Acme Outdoors', parent: 'B0ACMEP001', price: 89.5 },
  { asin: 'B0ACME0003', brand: 'Acme Outdoors', parent: 'B0ACMEP002', price: 34.99 },
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

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

function cumulative<T extends { weight: number }>(rows: T[]): { row: T; lo: number; hi: number }[] {
  const total = rows.reduce((a, r) => a + r.weight, 0);
  let acc = 0;
  return rows.map((row) => {
    const lo = acc / total;
    acc += row.weight;
    return { row, lo, hi: acc / total };
  });
}

/** SQL creating the dimension tables in schema amc_data; `users` is the size of the shopper population. */
export function dimensionSql(users: number): string[] {
  let audienceStart = 0;
  const dspRows = cumulative(DSP_CAMPAIGNS).map(({ row: c, lo, hi }, i) => {
    const size = Math.max(200, Math.round(users * c.audience));
    const start = audienceStart;
    audienceStart = (audienceStart + Math.round(users * 0.13)) % users;
    const asins = ASINS.filter((a) => a.brand === c.advertiser).map((a) => q(a.asin));
    return `(${c.id}::BIGINT, ${q(c.name)}, ${c.advertiserId}::BIGINT, ${q(c.advertiser)}, ${lo}, ${hi}, ${c.cpm}, ${c.ctr}, ${start}, ${size}, ${c.video}, [${asins.join(',')}], ${i})`;
  });
  const saRows = cumulative(SPONSORED_CAMPAIGNS).map(({ row: c, lo, hi }, i) => {
    const brand = c.name.includes('Camping') || c.name.includes('Outdoor') ? 'Acme Outdoors' : 'Demo Brand';
    const asins = ASINS.filter((a) => a.brand === brand).map((a) => q(a.asin));
    const start = Math.round((users * 0.07 * i) % users);
    return `(${c.id}::BIGINT, ${q(c.name)}, ${q(c.product)}, ${lo}, ${hi}, ${c.ctr}, ${c.cpc}, [${c.keywords.map(q).join(',')}], [${asins.join(',')}], ${start}, ${Math.round(users * 0.3)}, ${i})`;
  });
  const asinRows = ASINS.map((a, i) => `(${q(a.asin)}, ${q(a.brand)}, ${q(a.parent)}, ${a.price}, ${i})`);
  const segRows = SEGMENTS.map(
    ([id, name, kind, cat, share]) => `(${id}::BIGINT, ${q(name)}, ${q(kind)}, ${q(cat)}, ${share})`,
  );
  return [
    `CREATE TABLE amc_data.dsp_campaigns AS SELECT * FROM (VALUES ${dspRows.join(',')}) t(campaign_id, campaign, advertiser_id, advertiser, cum_lo, cum_hi, cpm, ctr, aud_start, aud_size, video, asins, ord)`,
    `CREATE TABLE amc_data.sa_campaigns AS SELECT * FROM (VALUES ${saRows.join(',')}) t(campaign_id, campaign, ad_product_type, cum_lo, cum_hi, ctr, cpc, keywords, asins, aud_start, aud_size, ord)`,
    ...['dsp', 'sa'].map(
      (k) => `CREATE TABLE amc_data.${k}_buckets AS SELECT b.bucket, c.campaign_id FROM range(1000) b(bucket)
        JOIN amc_data.${k}_campaigns c ON (b.bucket + 0.5) / 1000 >= c.cum_lo AND (b.bucket + 0.5) / 1000 < c.cum_hi`,
    ),
    `CREATE TABLE amc_data.asins AS SELECT * FROM (VALUES ${asinRows.join(',')}) t(asin, brand, parent, price, ord)`,
    `CREATE TABLE amc_data.segments AS SELECT * FROM (VALUES ${segRows.join(',')}) t(segment_id, segment_name, kind, category, share)`,
    `CREATE TABLE amc_data.users AS SELECT i AS idx,
        substr(md5('user:' || i::VARCHAR || ':' || seed_text()), 1, 24) AS user_id,
        CASE WHEN rnd(i, 'idt') < 0.7 THEN 'adUserId' WHEN rnd(i, 'idt') < 0.9 THEN 'sisDeviceId' WHEN rnd(i, 'idt') < 0.98 THEN 'adBrowserId' ELSE NULL END AS user_id_type,
        pick(['Phone', 'Phone', 'Phone', 'PC', 'PC', 'Tablet', 'TV', 'ConnectedDevice'], rnd(i, 'dev')) AS device_type,
        lpad((10000 + floor(rnd(i, 'zip') * 89999))::BIGINT::VARCHAR, 5, '0') AS postal_code,
        rnd(i, 'ntb') < 0.55 AS new_to_brand
      FROM range(${users}) r(i)`,
  ];
}
