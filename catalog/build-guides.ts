/** Seeded step-by-step build guides: each section is one step, with the query templates it uses. */
import type { BuildGuideDefinition } from './types';

export const BUILD_GUIDES: BuildGuideDefinition[] = [
  {
    slug: 'first-amc-report',
    title: 'Your first AMC report: reach and frequency',
    category: 'reach-and-frequency',
    description: 'From a connected Amazon account to a scheduled reach and frequency report, using only the API.',
    sections: [
      {
        title: 'Import your AMC instance',
        body: "Call `GET /api/instances/discover` to list the AMC accounts and instances your Amazon login can see, then `POST /api/instances` with the one you want. `POST /api/instances/:id/validate` makes a live call to AMC and reports the latency or AMC's error.",
        templateSlugs: [],
      },
      {
        title: 'Create a saved query from a template',
        body: "Pick a template with `GET /api/query-templates?category=reach-and-frequency` and call `POST /api/query-templates/:id/create-workflow` with your instance UUID. Parameters you pass become the saved query's defaults.",
        templateSlugs: ['dsp-reach-frequency-by-campaign'],
      },
      {
        title: 'Run it and read the rows',
        body: 'Call `POST /api/workflows/:id/execute` with a time window (zone-less dates are UTC). Poll `GET /api/executions/:id` until SUCCEEDED and read `GET /api/executions/:id/results`. AMC data lags about 48 hours and attribution 14 days, so the default window ends 14 days ago.',
        templateSlugs: [],
      },
      {
        title: 'Look at the distribution, not only the average',
        body: 'Average frequency hides waste. The frequency distribution template shows how many shoppers saw 1, 2, … ads; a long tail above the cap suggests a lower frequency cap.',
        templateSlugs: ['dsp-frequency-distribution', 'dsp-reach-by-device'],
      },
    ],
  },
  {
    slug: 'full-funnel-conversion-analysis',
    title: 'Full-funnel conversion analysis',
    category: 'path-to-conversion',
    description: 'How DSP and sponsored ads work together: overlap, paths, time to purchase and new-to-brand share.',
    sections: [
      {
        title: 'Measure the overlap between DSP and sponsored ads',
        body: 'Start with the size of each exposure group and its purchase rate. A higher purchase rate for "both" is the first sign that the channels complement each other (it is not proof of causality).',
        templateSlugs: ['dsp-sponsored-ads-overlap-conversion'],
      },
      {
        title: 'Find the common paths',
        body: 'Ad product combinations show which mixes of DSP, SP, SB and SD precede purchases; the touches template shows how many ad events purchasers needed.',
        templateSlugs: ['ad-product-path-to-purchase', 'touches-before-purchase'],
      },
      {
        title: 'Check how long conversion takes',
        body: 'If most purchases happen within a day, short lookback windows are enough; a long tail argues for the 14-day attribution lag before reporting.',
        templateSlugs: ['time-to-conversion-distribution', 'avg-days-to-purchase-by-campaign'],
      },
      {
        title: 'Report new-to-brand impact',
        body: 'New-to-brand share per campaign tells which campaigns grow the customer base rather than re-selling to loyal buyers.',
        templateSlugs: ['new-to-brand-by-campaign', 'new-to-brand-by-asin'],
      },
    ],
  },
  {
    slug: 'sponsored-ads-optimization',
    title: 'Sponsored ads optimization',
    category: 'sponsored-ads',
    description: "Search terms, placements and ROAS from AMC's event-level sponsored ads data.",
    sections: [
      {
        title: 'Rank campaigns by ROAS',
        body: 'Join spend with attributed sales per campaign. Spend is in microcents in sponsored_ads_traffic; the template divides by 100,000,000.',
        templateSlugs: ['sponsored-ads-campaign-roas'],
      },
      {
        title: 'Mine search terms',
        body: 'High-impression, low-CTR search terms are candidates for negative keywords; high-CTR broad-match terms for exact-match keywords.',
        templateSlugs: ['search-term-performance'],
      },
      {
        title: 'Tune placement bids',
        body: 'Compare CTR and cost per placement and adjust placement bid modifiers.',
        templateSlugs: ['sponsored-ads-placement-performance'],
      },
    ],
  },
  {
    slug: 'retargeting-audiences',
    title: 'Sizing retargeting audiences',
    category: 'audience-building',
    description: "Size audiences with reporting queries before activating them through AMC's audience API.",
    sections: [
      {
        title: 'Exposed but not converted',
        body: 'Shoppers who saw your DSP ads several times but did not buy are the classic retargeting pool. Reporting queries only return counts; activation uses the same SQL on the `_for_audiences` tables.',
        templateSlugs: ['exposed-non-purchasers-audience-size'],
      },
      {
        title: 'Product viewers without purchase',
        body: 'Consideration events without a later purchase, per ASIN.',
        templateSlugs: ['detail-page-viewers-without-purchase'],
      },
      {
        title: 'Segments that convert',
        body: 'In-market segments with a high purchase rate are worth scaling in prospecting line items.',
        templateSlugs: ['segment-conversion-affinity'],
      },
    ],
  },
];
