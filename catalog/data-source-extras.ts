/**
 * Columns AMC documents that amc/catalog/amc-tables.json (the simulator's catalog) does not list yet. Merged into
 * the data-source catalog only, so users can find them; queries using them compile at AMC, not in the simulator.
 */
import type { AmcTableColumn } from './types';

const note = ' (documented by AMC; not in the simulator catalog)';

export const DATA_SOURCE_EXTRA_COLUMNS: Record<string, AmcTableColumn[]> = {
  dsp_impressions: [
    {
      name: 'impression_cost',
      type: 'LONG',
      description: `Cost of the impression excluding fees, in millicents.${note}`,
    },
    {
      name: 'campaign_id_string',
      type: 'STRING',
      description: `DSP campaign id as a string, for joins with sponsored ads tables.${note}`,
    },
    { name: 'line_item', type: 'STRING', description: `Line item name.${note}` },
    { name: 'impression_date', type: 'DATE', description: `Impression date in the advertiser time zone.${note}` },
    {
      name: 'operating_system',
      type: 'STRING',
      description: `Operating system of the device that showed the impression.${note}`,
    },
    { name: 'iso_country_code', type: 'STRING', description: `ISO 3166 country code of the impression.${note}` },
  ],
  conversions: [
    { name: 'event_date', type: 'DATE', description: `Conversion date in the advertiser time zone.${note}` },
  ],
  sponsored_ads_traffic: [
    { name: 'event_date', type: 'DATE', description: `Traffic event date in the advertiser time zone.${note}` },
  ],
};
