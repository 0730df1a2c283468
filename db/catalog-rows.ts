/** Row types of the catalog tables (names in TABLES, db/tables.ts). Shared by every user; seeded by catalog/seed.ts. */
import type { BuildGuideSection } from '../catalog/types';
import type { ParameterDefinition } from './tables';

export interface QueryTemplateRow {
  id: string;
  slug: string;
  name: string;
  category: string;
  description: string;
  sql_query: string;
  parameters: Record<string, ParameterDefinition>;
  example_parameters: Record<string, unknown>;
  tags: string[];
  data_sources: string[];
  created_at: Date;
  updated_at: Date;
}

export interface DataSourceRow {
  id: string;
  name: string;
  category: string;
  description: string;
  /** Where the schema was taken from (a pinned copy of Amazon's AMC documentation). */
  source: string;
  paid: boolean;
  /** An audience twin's reporting table. */
  audience_of: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DataSourceFieldRow {
  id: string;
  data_source_id: string;
  name: string;
  data_type: string;
  /** 'metric' or 'dimension'. */
  kind: string | null;
  description: string;
  aggregation_threshold: string | null;
  position: number;
}

export interface BuildGuideRow {
  id: string;
  slug: string;
  title: string;
  category: string;
  description: string;
  sections: BuildGuideSection[];
  created_at: Date;
  updated_at: Date;
}
