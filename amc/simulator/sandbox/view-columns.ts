/**
 * Builds each public sandbox view from the AMC catalog: the view exposes exactly the catalogued columns of its AMC
 * table, in catalog order, each cast to its catalogued type. A column's value comes from, in order:
 * 1. the view's hand-written expression (where values must agree across tables: ids, names, users, costs);
 * 2. the time rule: `<prefix>_dt|_dt_hour|_date|_day|_hour|_month` with or without `_utc`, derived from the view's
 *    event time for that prefix (advertiser time zone unless `_utc`);
 * 3. `<x>_id_string` = `<x>_id` as text;
 * 4. a generic value by type and name, seeded by the row key (metrics 0, flags mostly false, labels `name-1…4`).
 */
import { amcTable, type AmcColumn } from '../../catalog/amc-catalog';

export interface ViewSpec {
  /** View name in schema amc_data. */
  name: string;
  /** Catalog table whose columns the view exposes. */
  amcTable: string;
  /** FROM clause with its joins (the generated tables it names are filled before a query, see viewTables). */
  from: string;
  where?: string;
  /** Row key (BIGINT) seeding generic values. */
  key: string;
  /** UTC event times (TIMESTAMP expressions) by column prefix: `{ impression: 'i.impression_dt_utc' }`. */
  times: Record<string, string>;
  /** Prefix of the row's own event time (generic DATE / TIMESTAMP columns use it). */
  mainTime: string;
  /**
   * The advertiser's standard UTC offset in hours (an expression) for the non-UTC variants, which follow US
   * daylight-saving rules (every synthetic advertiser is in a US time zone); without it they equal UTC.
   */
  stdOffset?: string;
  /** Hand-written expressions by column name. */
  columns: Record<string, string>;
  /** Hidden columns the sandbox needs: `__day` (source day), `__t` (latest event time of the row), filters. */
  internal: Record<string, string>;
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const TIME = /^(.+?)_(dt_hour|dt|date|day|hour|month)(_utc)?$/;

/** The DuckDB type a catalogued column is generated as. */
export function duckType(c: Pick<AmcColumn, 'type' | 'itemType' | 'precision' | 'scale'>): string {
  switch (c.type) {
    case 'STRING':
      return 'VARCHAR';
    case 'LONG':
      return 'BIGINT';
    case 'INTEGER':
      return 'INTEGER';
    case 'DOUBLE':
      return 'DOUBLE';
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'DATE':
      return 'DATE';
    case 'TIMESTAMP':
      return 'TIMESTAMP';
    case 'DECIMAL':
      return `DECIMAL(${c.precision ?? 38},${c.scale ?? 4})`;
    case 'ARRAY':
      return `${duckType({ type: c.itemType ?? 'STRING' })}[]`;
  }
}

function timeRule(spec: ViewSpec, c: AmcColumn): string | undefined {
  const m = TIME.exec(c.name);
  const utc = m && spec.times[m[1]!];
  if (!m || !utc) return undefined;
  const t = m[3] || !spec.stdOffset ? utc : `us_local(${utc}, ${spec.stdOffset})`;
  switch (m[2]) {
    case 'dt':
      return t;
    case 'dt_hour':
      return `date_trunc('hour', ${t})`;
    case 'date':
      return c.type === 'TIMESTAMP' ? t : `CAST(${t} AS DATE)`;
    case 'day':
      return `day(${t})`;
    case 'hour':
      return `hour(${t})`;
    default:
      return `month(${t})`;
  }
}

function genericValue(spec: ViewSpec, c: AmcColumn): string {
  const salt = `'${c.name}'`;
  const main = spec.times[spec.mainTime]!;
  if (c.kind === 'metric' && c.type !== 'ARRAY' && c.type !== 'STRING' && c.type !== 'BOOLEAN') return '0';
  switch (c.type) {
    case 'STRING':
      return `'${c.name.replace(/_/g, '-')}-' || (1 + hash(${spec.key}, ${salt}) % 4)::VARCHAR`;
    case 'LONG':
    case 'INTEGER':
      return `1000 + hash(${spec.key}, ${salt}) % 9000`;
    case 'DOUBLE':
    case 'DECIMAL':
      return `round(rnd(${spec.key}, ${salt}), 4)`;
    case 'BOOLEAN':
      return `rnd(${spec.key}, ${salt}) < 0.1`;
    case 'DATE':
      return `CAST(${main} AS DATE)`;
    case 'TIMESTAMP':
      return main;
    case 'ARRAY':
      return '[]';
  }
}

interface ColumnSource {
  column: AmcColumn;
  expr: string;
  rule: 'explicit' | 'time' | 'id-string' | 'generic';
}

/** Where each catalogued column of a view comes from (the tests list the generic ones). */
export function columnSources(spec: ViewSpec): ColumnSource[] {
  const table = amcTable(spec.amcTable);
  if (!table) throw new Error(`sandbox view ${spec.name}: ${spec.amcTable} is not in the AMC catalog`);
  const explicit = new Map(Object.entries(spec.columns));
  return table.columns.map((column): ColumnSource => {
    const own = explicit.get(column.name);
    if (own !== undefined) return { column, expr: own, rule: 'explicit' };
    const time = timeRule(spec, column);
    if (time) return { column, expr: time, rule: 'time' };
    const base = /^(.+_id)_string$/.exec(column.name)?.[1];
    if (base && explicit.has(base))
      return { column, expr: `CAST(${explicit.get(base)} AS VARCHAR)`, rule: 'id-string' };
    return { column, expr: genericValue(spec, column), rule: 'generic' };
  });
}

/** The tables a view reads (`amc_data.x` in its FROM clause), in order: the store generates those it owns. */
export function viewTables(spec: ViewSpec): string[] {
  return [...new Set([...spec.from.matchAll(/\bamc_data\.(\w+)/g)].map((m) => m[1]!))];
}

/** `CREATE VIEW` of a spec: catalogued columns (typed), then the hidden ones. */
export function viewSql(spec: ViewSpec): string {
  const cols = columnSources(spec).map(
    ({ column, expr }) => `CAST(${expr} AS ${duckType(column)}) AS ${quote(column.name)}`,
  );
  const hidden = Object.entries(spec.internal).map(([name, expr]) => `${expr} AS ${quote(name)}`);
  return `CREATE VIEW amc_data.${spec.name} AS SELECT ${[...cols, ...hidden].join(',\n  ')}
FROM ${spec.from}${spec.where ? ` WHERE ${spec.where}` : ''}`;
}
