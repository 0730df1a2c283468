/**
 * The AMC table catalog (amc-tables.json, sourced from Amazon's AMC data-source documentation; see SOURCES.md):
 * every table with its documented columns — type, metric or dimension, aggregation threshold — plus each table's
 * `_for_audiences` twin and the retired table names. The data-source API, the catalog seed, the simulator's SQL
 * compiler and its sandbox all read it through this module.
 */
import catalog from './amc-tables.json';

export type AmcColumnType =
  'STRING' | 'LONG' | 'INTEGER' | 'DECIMAL' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'ARRAY';
/** AMC aggregation-threshold classes (reference §10.4). */
export type AggregationThreshold = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH' | 'INTERNAL';
export type ColumnKind = 'metric' | 'dimension';

export interface AmcColumn {
  name: string;
  type: AmcColumnType;
  /** Element type of an ARRAY column. */
  itemType?: AmcColumnType;
  /** DECIMAL precision and scale where the documentation gives them. */
  precision?: number;
  scale?: number;
  kind: ColumnKind;
  threshold: AggregationThreshold;
  description: string;
  /** Facts the documentation left out and the catalog filled in (e.g. a missing threshold). */
  inferred?: string[];
}

export interface AmcTable {
  name: string;
  category: string;
  description: string;
  /** Needs an AMC paid-feature subscription for reporting queries. */
  paid: boolean;
  /** Name of the table's audience-creation twin, if AMC has one. */
  audienceTable: string | null;
  /** Set on an audience twin: the reporting table it mirrors (same columns). */
  audienceOf?: string;
  /** Where the columns were taken from (a public mirror of Amazon's documentation, pinned to a commit). */
  source: string;
  /** Amazon's own documentation page. */
  documentation: string;
  sourceNote?: string;
  columns: AmcColumn[];
}

/** A table name AMC no longer has: queries naming it fail as an unknown table. */
export interface RetiredTable {
  replacement: string | null;
  reason: string;
}

interface CatalogFile {
  tables: AmcTable[];
  retiredTables: Record<string, RetiredTable>;
}

const file = catalog as unknown as CatalogFile;

function audienceTwin(base: AmcTable, name: string): AmcTable {
  return {
    ...base,
    name,
    category: 'AMC Audiences',
    description: `Audience-creation twin of ${base.name} (same columns), read by AMC Audiences queries rather than reporting runs.`,
    audienceTable: null,
    audienceOf: base.name,
  };
}

/** Every AMC table: the reporting tables in documentation order, then their audience twins. */
export const AMC_TABLES: readonly AmcTable[] = [
  ...file.tables,
  ...file.tables.flatMap((t) => (t.audienceTable ? [audienceTwin(t, t.audienceTable)] : [])),
];

const byName = new Map(AMC_TABLES.map((t) => [t.name, t]));

/** A table by name (case-insensitive), or undefined. */
export function amcTable(name: string): AmcTable | undefined {
  return byName.get(name.toLowerCase());
}

export const RETIRED_TABLES: Readonly<Record<string, RetiredTable>> = file.retiredTables;

/** The retired-table entry for a name AMC no longer has (case-insensitive), or undefined. */
export function retiredTable(name: string): RetiredTable | undefined {
  const n = name.toLowerCase();
  return Object.hasOwn(RETIRED_TABLES, n) ? RETIRED_TABLES[n] : undefined;
}

/** The type as AMC's documentation writes it: STRING, DECIMAL(38,4), ARRAY<LONG>. */
export function typeLabel(c: Pick<AmcColumn, 'type' | 'itemType' | 'precision' | 'scale'>): string {
  if (c.type === 'ARRAY') return `ARRAY<${c.itemType ?? 'STRING'}>`;
  if (c.type === 'DECIMAL' && c.precision !== undefined) return `DECIMAL(${c.precision},${c.scale ?? 0})`;
  return c.type;
}
