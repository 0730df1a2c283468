/**
 * AMC's API regions and which marketplace belongs to which. Each region has its own Amazon Ads API host
 * (reference §1.1: advertising-api[-eu|-fe].amazon.com); an AMC account's marketplace decides its region, the way
 * Amazon groups marketplaces for the Ads API. RecomAMP sends an instance's calls to its region's base URL
 * (config: AMC_API_BASE_URL_NA / _EU / _FE, each defaulting to AMC_API_BASE_URL).
 */
export const AMC_REGIONS = ['NA', 'EU', 'FE'] as const;
export type AmcRegion = (typeof AMC_REGIONS)[number];

const MARKETPLACE_REGIONS: Record<string, AmcRegion> = {
  ATVPDKIKX0DER: 'NA', // US
  A2EUQ1WTGCTBG2: 'NA', // CA
  A1AM78C64UM0Y8: 'NA', // MX
  A2Q3Y263D00KWC: 'NA', // BR
  A1F83G8C2ARO7P: 'EU', // UK
  A1PA6795UKMFR9: 'EU', // DE
  A13V1IB3VIYZZH: 'EU', // FR
  APJ6JRA9NG5V4: 'EU', // IT
  A1RKKUPIHCS9HS: 'EU', // ES
  A1805IZSGTT6HS: 'EU', // NL
  A2NODRKZP88ZB9: 'EU', // SE
  A1C3SOZRARQ6R3: 'EU', // PL
  AMEN7PMS3EDWL: 'EU', // BE
  A33AVAJ2PDY3EV: 'EU', // TR
  A17E79C6D8DWNP: 'EU', // SA
  A2VIGQ35RCS4UG: 'EU', // AE
  ARBP9OOSHTCHU: 'EU', // EG
  A21TJRUUN4KGV: 'EU', // IN (served by the EU host)
  A1VC38T7YXB528: 'FE', // JP
  A39IBJ37TRP1C6: 'FE', // AU
  A19VAU5U5O7RUS: 'FE', // SG
};

/** The region of a marketplace; NA for one this table does not know (any host answers for any instance). */
export function regionOfMarketplace(marketplaceId: string): AmcRegion {
  return MARKETPLACE_REGIONS[marketplaceId] ?? 'NA';
}
