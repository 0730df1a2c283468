/** The AMC table catalog (amc/catalog/amc-tables.json, shared with the simulator) merged with documented extras. */
import tables from '../amc/catalog/amc-tables.json';
import { DATA_SOURCE_EXTRA_COLUMNS } from './data-source-extras';
import type { AmcTable } from './types';

const THRESHOLD = /\s*\(aggregation threshold: ([A-Z_]+)\)\s*$/;

/** "…(aggregation threshold: LOW)" at the end of a description → the threshold and the text without it. */
export function splitThreshold(description: string): { text: string; threshold: string | null } {
  const m = THRESHOLD.exec(description);
  return m ? { text: description.slice(0, m.index), threshold: m[1]! } : { text: description, threshold: null };
}

export function amcTables(): AmcTable[] {
  return (tables as AmcTable[]).map((t) => {
    const extras = (DATA_SOURCE_EXTRA_COLUMNS[t.name] ?? []).filter((x) => !t.columns.some((c) => c.name === x.name));
    return { ...t, columns: [...t.columns, ...extras] };
  });
}
