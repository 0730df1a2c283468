/**
 * Types a query's output columns from node-sql-parser's AST (trino dialect) and the table catalog:
 * aggregates are METRICs (COUNT → LONG, SUM keeps integer/decimal-ness, AVG → DOUBLE), plain columns are
 * DIMENSIONs with their catalog type. Unnamed expressions are called `_c<index>` [inferred: AMC's own
 * naming of unnamed expressions is not recorded].
 */
import type { AmcOutputColumn } from '../client/types';
import { anyColumnType, tableColumns } from './catalog';

type Node = any;

interface TypedColumn {
  name: string;
  type: string; // AMC type name, possibly DECIMAL(p,s)
  metric: boolean;
}
type Source = TypedColumn[];

/** Aggregates the parser reports as plain functions. */
export const AGGREGATE_FUNCTIONS = new Set([
  'APPROX_COUNT_DISTINCT',
  'APPROX_DISTINCT',
  'BOOL_OR',
  'BOOL_AND',
  'ANY_VALUE',
  'ARBITRARY',
  'COUNT_IF',
  'SUM_IF',
  'MAX_BY',
  'MIN_BY',
  'STDDEV',
  'STDDEV_POP',
  'STDDEV_SAMP',
  'VARIANCE',
  'VAR_POP',
  'VAR_SAMP',
  'ARRAY_AGG',
  'COLLECT_SET',
  'COLLECT_LIST',
  'APPROX_PERCENTILE',
  'PERCENTILE',
  'MEDIAN',
  'FIRST',
  'LAST',
]);

const FUNCTION_TYPES: [RegExp, string][] = [
  [/^(DATE_TRUNC|TO_TIMESTAMP|FROM_UNIXTIME|CURRENT_TIMESTAMP|DATE_ADD|DATEADD|TIMESTAMP)$/, 'TIMESTAMP'],
  [/^(TO_DATE|DATE|CURRENT_DATE|LAST_DAY)$/, 'DATE'],
  [/^(YEAR|MONTH|DAY|HOUR|MINUTE|WEEK|QUARTER|DAY_OF_WEEK|DAYOFWEEK|DAY_OF_YEAR|LENGTH|SIGN)$/, 'INTEGER'],
  [
    /^(SECONDS_BETWEEN|MINUTES_BETWEEN|HOURS_BETWEEN|DAYS_BETWEEN|DATE_DIFF|DATEDIFF|COUNT_IF|APPROX_COUNT_DISTINCT|APPROX_DISTINCT)$/,
    'LONG',
  ],
  [/^(BOOL_OR|BOOL_AND|ARRAY_CONTAINS|CONTAINS|STARTS_WITH|ENDS_WITH|REGEXP_LIKE)$/, 'BOOLEAN'],
  [
    /^(STDDEV|STDDEV_POP|STDDEV_SAMP|VARIANCE|VAR_POP|VAR_SAMP|APPROX_PERCENTILE|PERCENTILE|MEDIAN|POWER|POW|SQRT|LN|LOG|LOG10|EXP|RANDOM|RAND)$/,
    'DOUBLE',
  ],
];

function text(v: Node): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    if (typeof v.value === 'string') return v.value;
    if (v.expr) return text(v.expr);
    if (Array.isArray(v.name)) return v.name.map(text).join('.');
    if (v.name) return text(v.name);
  }
  return '';
}

const lower = (s: string) => s.toLowerCase();
const isDecimal = (t: string) => /^(DECIMAL|DOUBLE|FLOAT)/i.test(t);
const isInteger = (t: string) => /^(LONG|INTEGER|SHORT|BYTE)$/i.test(t);

function castType(target: Node): string {
  const t = String(target?.dataType ?? 'STRING').toUpperCase();
  if (/CHAR|STRING|TEXT/.test(t)) return 'STRING';
  if (t === 'BIGINT' || t === 'LONG') return 'LONG';
  if (t === 'INT' || t === 'INTEGER') return 'INTEGER';
  if (t === 'SMALLINT') return 'SHORT';
  if (t === 'TINYINT') return 'BYTE';
  if (t === 'DOUBLE' || t === 'REAL' || t === 'FLOAT') return 'DOUBLE';
  if (t === 'DECIMAL' || t === 'NUMERIC')
    return target.length ? `DECIMAL(${target.length},${target.scale ?? 0})` : 'DECIMAL';
  if (t === 'DATE') return 'DATE';
  if (t.startsWith('TIMESTAMP') || t === 'DATETIME') return 'TIMESTAMP';
  if (t.startsWith('BOOL')) return 'BOOLEAN';
  return 'STRING';
}

function exprType(e: Node, scope: Map<string, Source>): { type: string; metric: boolean } {
  if (!e || typeof e !== 'object') return { type: 'STRING', metric: false };
  switch (e.type) {
    case 'column_ref': {
      const name = lower(text(e.column));
      const qualifier = e.table ? lower(text(e.table)) : undefined;
      const sources = qualifier ? [scope.get(qualifier) ?? []] : [...scope.values()];
      for (const s of sources) {
        const hit = s.find((c) => lower(c.name) === name);
        if (hit) return { type: hit.type, metric: hit.metric };
      }
      return { type: anyColumnType(name) ?? 'STRING', metric: false };
    }
    case 'aggr_func': {
      const name = String(e.name).toUpperCase();
      const arg = exprType(e.args?.expr, scope).type;
      if (name === 'COUNT') return { type: 'LONG', metric: true };
      if (name === 'AVG') return { type: 'DOUBLE', metric: true };
      if (name === 'SUM') return { type: isInteger(arg) ? 'LONG' : isDecimal(arg) ? arg : 'LONG', metric: true };
      return { type: arg, metric: true };
    }
    case 'function': {
      const name = text(e.name).toUpperCase();
      const args: Node[] = e.args?.value ?? [];
      const argTypes = args.map((a) => exprType(a, scope));
      const metric = AGGREGATE_FUNCTIONS.has(name) || argTypes.some((a) => a.metric);
      if (e.over)
        return {
          type: /^(ROW_NUMBER|RANK|DENSE_RANK|NTILE)$/.test(name) ? 'LONG' : (argTypes[0]?.type ?? 'LONG'),
          metric,
        };
      const fixed = FUNCTION_TYPES.find(([re]) => re.test(name));
      if (fixed) return { type: fixed[1], metric };
      if (
        /^(ROUND|FLOOR|CEIL|CEILING|ABS|COALESCE|NULLIF|IFNULL|NVL|GREATEST|LEAST|MAX_BY|MIN_BY|ANY_VALUE|ARBITRARY|FIRST|LAST)$/.test(
          name,
        )
      ) {
        return { type: argTypes[0]?.type ?? 'STRING', metric };
      }
      if (name === 'IF') return { type: argTypes[1]?.type ?? 'STRING', metric };
      return { type: 'STRING', metric };
    }
    case 'cast':
      return { type: castType(e.target?.[0]), metric: exprType(e.expr, scope).metric };
    case 'binary_expr': {
      const l = exprType(e.left, scope);
      const r = exprType(e.right, scope);
      const metric = l.metric || r.metric;
      if (e.operator === '||') return { type: 'STRING', metric };
      if (e.operator === '/') return { type: 'DOUBLE', metric };
      if (['+', '-', '*', '%'].includes(e.operator)) {
        return { type: isDecimal(l.type) || isDecimal(r.type) ? 'DOUBLE' : 'LONG', metric };
      }
      return { type: 'BOOLEAN', metric };
    }
    case 'case': {
      const branches: Node[] = e.args ?? [];
      const types = branches.filter((b) => b.result?.type !== 'null').map((b) => exprType(b.result, scope));
      return { type: types[0]?.type ?? 'STRING', metric: types.some((t) => t.metric) };
    }
    case 'number':
      return { type: Number.isInteger(Number(e.value)) ? 'LONG' : 'DOUBLE', metric: false };
    case 'bool':
    case 'boolean':
      return { type: 'BOOLEAN', metric: false };
    case 'extract':
      return { type: 'INTEGER', metric: false };
    default:
      return { type: 'STRING', metric: false };
  }
}

/** Output columns of one SELECT (or the first branch of a UNION), resolving CTEs and subqueries. */
export function selectOutput(select: Node, ctes: Map<string, Source> = new Map()): Source {
  const local = new Map(ctes);
  for (const w of select?.with ?? []) {
    const stmt = w.stmt?.ast ?? w.stmt;
    local.set(lower(text(w.name)), selectOutput(stmt, local));
  }
  const scope = new Map<string, Source>();
  (select?.from ?? []).forEach((f: Node, i: number) => {
    if (typeof f.table === 'string') {
      const name = lower(f.table);
      const src = local.get(name) ?? [...tableColumns(name)].map(([n, t]) => ({ name: n, type: t, metric: false }));
      scope.set(lower(f.as ? text(f.as) : f.table), src);
    } else if (f.expr?.ast) {
      scope.set(f.as ? lower(text(f.as)) : `__subquery_${i}`, selectOutput(f.expr.ast, local));
    }
  });
  const out: Source = [];
  (select?.columns ?? []).forEach((c: Node, i: number) => {
    const e = c.expr;
    if (e?.type === 'column_ref' && text(e.column) === '*') {
      const sources = e.table ? [scope.get(lower(text(e.table))) ?? []] : [...scope.values()];
      for (const s of sources) out.push(...s);
      return;
    }
    const typed = exprType(e, scope);
    const name = c.as ? text(c.as) : e?.type === 'column_ref' ? text(e.column) : `_c${i}`;
    out.push({ name, type: typed.type, metric: typed.metric });
  });
  return out;
}

/** AMC's outputColumns shape: DECIMAL(p,s) is split into dataType + precision/scale. */
export function toOutputColumns(columns: Source): AmcOutputColumn[] {
  return columns.map((c) => {
    const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(c.type);
    const base: AmcOutputColumn = {
      name: c.name,
      columnType: c.metric ? 'METRIC' : 'DIMENSION',
      dataType: dec ? 'DECIMAL' : c.type,
    };
    if (dec) {
      base.dataTypePrecision = Number(dec[1]);
      base.dataTypeScale = Number(dec[2]);
    }
    return base;
  });
}
