/** The simulator's view of the AMC table catalog (amc/catalog): which tables and columns exist, and their thresholds. */
import {
  AMC_TABLES,
  RETIRED_TABLES,
  retiredTable,
  type AggregationThreshold,
  type RetiredTable,
} from '../catalog/amc-catalog';

export type ThresholdClass = AggregationThreshold;
export { RETIRED_TABLES as retiredTables, type RetiredTable };

const byTable = new Map<string, Map<string, string>>();
const anyColumn = new Map<string, string>();
const thresholds = new Map<string, ThresholdClass>(); // "table.column" → class
for (const table of AMC_TABLES) {
  const columns = new Map<string, string>();
  for (const c of table.columns) {
    columns.set(c.name, c.type);
    thresholds.set(`${table.name}.${c.name}`, c.threshold);
    if (!anyColumn.has(c.name)) anyColumn.set(c.name, c.type);
  }
  byTable.set(table.name, columns);
}

export function isKnownTable(name: string): boolean {
  return byTable.has(name.toLowerCase());
}

/**
 * What AMC's "unknown table" error adds for a retired name: which table replaced it (or that it has none).
 * Empty for any other name.
 */
export function retiredTableHint(name: string): string {
  const retired = retiredTable(name);
  if (!retired) return '';
  return retired.replacement
    ? ` (${name} was retired; use ${retired.replacement} instead)`
    : ` (${name} was retired: ${retired.reason})`;
}

/** Column name → AMC type for a table (empty for unknown tables). */
export function tableColumns(name: string): Map<string, string> {
  return byTable.get(name.toLowerCase()) ?? new Map();
}

/** A column's type in whichever catalogued table has it first; fallback when scope resolution fails. */
export function anyColumnType(column: string): string | undefined {
  return anyColumn.get(column.toLowerCase());
}

/** A column's aggregation-threshold class in a table (undefined when the table or column is unknown). */
export function columnThreshold(table: string, column: string): ThresholdClass | undefined {
  return thresholds.get(`${table.toLowerCase()}.${column.toLowerCase()}`);
}
