/** Shapes of the seeded catalog data (query templates, build guides). The data itself is plain TypeScript. */
import type { ParameterDefinition } from '../db/tables';

export const TEMPLATE_CATEGORIES = [
  'reach-and-frequency',
  'path-to-conversion',
  'new-to-brand',
  'campaign-overlap',
  'time-to-conversion',
  'audience-building',
  'sponsored-ads',
  'video-and-viewability',
] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export interface QueryTemplateDefinition {
  /** Stable id used in URLs and seeds (upserted by slug). */
  slug: string;
  name: string;
  category: TemplateCategory;
  /** What the query answers, in a sentence or two. */
  description: string;
  /** AMC SQL with `{{name}}` placeholders, each declared in `parameters`. */
  sqlQuery: string;
  parameters: Record<string, ParameterDefinition>;
  tags: string[];
  /** AMC tables the query reads (names from amc/catalog/amc-tables.json). */
  dataSources: string[];
  /** Values for the parameters without defaults: what the docs show and the run test uses. */
  exampleParameters?: Record<string, unknown>;
}

export interface BuildGuideSection {
  title: string;
  /** Markdown text of the step. */
  body: string;
  /** Slugs of the query templates this step uses. */
  templateSlugs: string[];
}

export interface BuildGuideDefinition {
  slug: string;
  title: string;
  category: TemplateCategory;
  description: string;
  sections: BuildGuideSection[];
}
