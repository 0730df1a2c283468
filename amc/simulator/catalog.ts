/** AMC table catalog (amc/catalog/amc-tables.json): which tables and columns the simulator knows. */
import tables from '../catalog/amc-tables.json';

interface CatalogColumn {
  name: string;
  type: string;
  description?: string;
}

/** AMC aggregation-threshold classes (reference §10.4), parsed from the catalog's column descriptions. */
export type ThresholdClass = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH' | 'INTERNAL';
const thresholds = new Map<string, ThresholdClass>(); // "table.column" → class

const byTable = new Map<string, Map<string, string>>();
const anyColumn = new Map<string, string>();
for (const table of tables as { name: string; columns: CatalogColumn[] }[]) {
  const columns = new Map<string, string>();
  for (const c of table.columns) {
    columns.set(c.name.toLowerCase(), c.type);
    const cls = /aggregation threshold: ([A-Z_]+)/.exec(c.description ?? '')?.[1];
    if (cls) thresholds.set(`${table.name.toLowerCase()}.${c.name.toLowerCase()}`, cls as ThresholdClass);
    if (!anyColumn.has(c.name.toLowerCase())) anyColumn.set(c.name.toLowerCase(), c.type);
  }
  byTable.set(table.name.toLowerCase(), columns);
}

// Tables named in reference §14 whose schemas the catalog file omits: known (queries compile), columns untyped.
const UNCATALOGUED =
  /^(audience_segments_(amer|eu|apac)_(inmarket|lifestyle)(_snapshot)?|amazon_brand_store_engagement_events|amazon_pvc_streaming_events_feed)$/;

export function isKnownTable(name: string): boolean {
  const n = name.toLowerCase();
  return byTable.has(n) || UNCATALOGUED.test(n);
}

/** Column name → AMC type for a table (empty for uncatalogued or unknown tables). */
export function tableColumns(name: string): Map<string, string> {
  return byTable.get(name.toLowerCase()) ?? new Map();
}

/** A column's type in whichever catalogued table has it first; fallback when scope resolution fails. */
export function anyColumnType(column: string): string | undefined {
  return anyColumn.get(column.toLowerCase());
}

/** A column's aggregation-threshold class in a table (undefined when the catalog does not say). */
export function columnThreshold(table: string, column: string): ThresholdClass | undefined {
  return thresholds.get(`${table.toLowerCase()}.${column.toLowerCase()}`);
}
