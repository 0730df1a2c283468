/** What a result column holds, read from AMC's type and the values: numbers are metrics, dates make time series. */
export interface Column {
  name: string;
  type: string;
}
export type Row = Record<string, unknown>;

const NUMERIC = /^(LONG|INTEGER|INT|BIGINT|DOUBLE|FLOAT|DECIMAL|NUMBER|NUMERIC|REAL|SMALLINT)/i;

export function isNumeric(col: Column, rows: Row[]): boolean {
  if (NUMERIC.test(col.type)) return true;
  const values = rows.map((r) => r[col.name]).filter((v) => v !== null && v !== undefined && v !== '');
  return values.length > 0 && values.every((v) => typeof v === 'number');
}

export function isDate(col: Column, rows: Row[]): boolean {
  if (col.name === 'week_start' || /^(DATE|TIMESTAMP)/i.test(col.type)) return true;
  const values = rows.map((r) => r[col.name]).filter((v) => typeof v === 'string') as string[];
  return values.length > 0 && values.every((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)));
}

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
