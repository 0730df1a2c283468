/**
 * AMC data types as the front end tracks them: STRING, LONG, INTEGER, SHORT, BYTE, DOUBLE, FLOAT, DECIMAL(p,s),
 * BOOLEAN, DATE, TIMESTAMP, INTERVAL, ARRAY<T>, STRUCT, NULL (an untyped NULL literal) and UNKNOWN (a column the
 * front end cannot type, e.g. a table without catalogued columns). Plus their DuckDB spelling for casts.
 */
import type { TypeName } from './ast';

export type SqlType = string;

export const UNKNOWN = 'UNKNOWN';

export const isNumeric = (t: SqlType): boolean => /^(LONG|INTEGER|SHORT|BYTE|DOUBLE|FLOAT|DECIMAL)/.test(t);
export const isIntegral = (t: SqlType): boolean => /^(LONG|INTEGER|SHORT|BYTE)$/.test(t);
export const isString = (t: SqlType): boolean => t === 'STRING';
export const isTemporal = (t: SqlType): boolean => t === 'DATE' || t === 'TIMESTAMP';
export const isArray = (t: SqlType): boolean => t.startsWith('ARRAY');
export const isKnown = (t: SqlType): boolean => t !== UNKNOWN && t !== 'NULL';

export function elementType(t: SqlType): SqlType {
  const m = /^ARRAY<(.*)>$/.exec(t);
  return m ? m[1]! : UNKNOWN;
}

/** A catalog type ("STRING", "LONG", "ARRAY<STRING>", "decimal(38,4)", "VARCHAR") in the front end's spelling. */
export function normalizeType(raw: string | undefined): SqlType {
  if (!raw) return UNKNOWN;
  const t = raw.trim().toUpperCase();
  const arr = /^ARRAY\s*<\s*(.+)\s*>$/.exec(t);
  if (arr) return `ARRAY<${normalizeType(arr[1])}>`;
  if (t === 'ARRAY') return 'ARRAY<STRING>';
  if (/^(STRING|VARCHAR|CHAR|TEXT|CHARACTER)/.test(t)) return 'STRING';
  if (t === 'BIGINT' || t === 'LONG') return 'LONG';
  if (t === 'INT' || t === 'INTEGER') return 'INTEGER';
  if (t === 'SMALLINT' || t === 'SHORT') return 'SHORT';
  if (t === 'TINYINT' || t === 'BYTE') return 'BYTE';
  if (t === 'DOUBLE' || t === 'REAL' || t === 'DOUBLE PRECISION') return 'DOUBLE';
  if (t === 'FLOAT') return 'FLOAT';
  const dec = /^(DECIMAL|NUMERIC)\s*(?:\((\d+)\s*(?:,\s*(\d+))?\))?$/.exec(t);
  if (dec) return dec[2] ? `DECIMAL(${dec[2]},${dec[3] ?? 0})` : 'DECIMAL(38,4)';
  if (t.startsWith('BOOL')) return 'BOOLEAN';
  if (t === 'DATE') return 'DATE';
  if (t.startsWith('TIMESTAMP') || t === 'DATETIME') return 'TIMESTAMP';
  if (t.startsWith('STRUCT') || t === 'MAP') return 'STRUCT';
  return UNKNOWN;
}

/** The AMC type a CAST target names. */
export function castTarget(to: TypeName): SqlType {
  if (to.name === 'ARRAY') return `ARRAY<${to.element ? castTarget(to.element) : 'STRING'}>`;
  const base = normalizeType(to.name);
  if (base.startsWith('DECIMAL') && to.params.length > 0) return `DECIMAL(${to.params[0]},${to.params[1] ?? 0})`;
  return base === UNKNOWN ? 'STRING' : base;
}

/** DuckDB spelling of a CAST target (AMC/Spark names such as STRING, LONG, SHORT, BYTE included). */
export function duckTypeName(to: TypeName): string {
  if (to.name === 'ARRAY') return `${to.element ? duckTypeName(to.element) : 'VARCHAR'}[]`;
  const params = to.params.length > 0 ? `(${to.params.join(', ')})` : '';
  switch (to.name) {
    case 'STRING':
    case 'TEXT':
    case 'CHAR':
    case 'CHARACTER':
    case 'VARCHAR':
      return 'VARCHAR';
    case 'LONG':
    case 'BIGINT':
      return 'BIGINT';
    case 'INT':
    case 'INTEGER':
      return 'INTEGER';
    case 'SHORT':
    case 'SMALLINT':
      return 'SMALLINT';
    case 'BYTE':
    case 'TINYINT':
      return 'TINYINT';
    case 'FLOAT':
    case 'REAL':
    case 'DOUBLE':
      return 'DOUBLE';
    case 'NUMERIC':
    case 'DECIMAL':
      return `DECIMAL${params || '(38, 4)'}`;
    case 'DATETIME':
      return 'TIMESTAMP';
    default:
      return `${to.name}${params}`;
  }
}

/** DuckDB spelling of a front-end type (for typed NULLs and parameter literals). */
export function duckType(t: SqlType): string {
  if (isArray(t)) return `${duckType(elementType(t))}[]`;
  switch (t) {
    case 'STRING':
      return 'VARCHAR';
    case 'LONG':
      return 'BIGINT';
    case 'SHORT':
      return 'SMALLINT';
    case 'BYTE':
      return 'TINYINT';
    case 'FLOAT':
      return 'DOUBLE';
    case UNKNOWN:
    case 'NULL':
    case 'STRUCT':
      return 'VARCHAR';
    default:
      return t;
  }
}

/** The common type of branches (CASE, IF, COALESCE, UNION): AMC coerces mixed strings and numbers to STRING. */
export function commonType(types: SqlType[]): SqlType {
  const known = types.filter(isKnown);
  if (known.length === 0) return types.includes('NULL') ? 'NULL' : UNKNOWN;
  if (known.some(isString)) return 'STRING';
  if (known.every(isNumeric)) {
    if (known.some((t) => t === 'DOUBLE' || t === 'FLOAT')) return 'DOUBLE';
    const dec = known.find((t) => t.startsWith('DECIMAL'));
    if (dec) return dec;
    return known.includes('LONG') ? 'LONG' : known[0]!;
  }
  if (known.every(isTemporal)) return known.includes('TIMESTAMP') ? 'TIMESTAMP' : 'DATE';
  return known[0]!;
}

/** Result type of + - * on numbers: any fractional side makes it DOUBLE (or DECIMAL), else LONG. */
export function arithmeticType(a: SqlType, b: SqlType): SqlType {
  if (a === 'DOUBLE' || a === 'FLOAT' || b === 'DOUBLE' || b === 'FLOAT') return 'DOUBLE';
  if (a.startsWith('DECIMAL')) return a;
  if (b.startsWith('DECIMAL')) return b;
  if (isIntegral(a) && isIntegral(b)) return 'LONG';
  if (isTemporal(a)) return a;
  if (isTemporal(b)) return b;
  return isKnown(a) && isKnown(b) ? 'DOUBLE' : UNKNOWN;
}
