/**
 * The seeded library of AMC query templates. Each is plain data: SQL with `{{name}}` placeholders, the parameter
 * schema, the question it answers and the tables it reads. Seeded into Postgres by slug (catalog/seed.ts), and
 * every one is compiled and run against the simulator by test/catalog/templates-run.test.ts.
 */
import { audienceTemplates } from './templates/audience';
import { brandAndOverlapTemplates } from './templates/brand-and-overlap';
import { pathAndTimeTemplates } from './templates/path-and-time';
import { reachAndFrequencyTemplates } from './templates/reach-and-frequency';
import { sponsoredAdsAndVideoTemplates } from './templates/sponsored-ads-and-video';
import type { QueryTemplateDefinition } from './types';

export const QUERY_TEMPLATES: QueryTemplateDefinition[] = [
  ...reachAndFrequencyTemplates,
  ...pathAndTimeTemplates,
  ...brandAndOverlapTemplates,
  ...audienceTemplates,
  ...sponsoredAdsAndVideoTemplates,
];
