/**
 * The functions AMC documents (AMC SQL reference: string, math, aggregate, date/time, conditional, array, window,
 * hash, JSON, statistical functions; expressions CONTAINED_IN, UUID, NAMED_ROW) plus the Spark/Presto spellings
 * published AMC queries use. What the front end needs from each: is it an aggregate, a window-only function,
 * what type it returns. An unknown function is not an error here: AMC may have it, so the sandbox decides.
 */
import type { FunctionExpr } from './ast';
import { UNKNOWN, commonType, elementType, isArray, isIntegral, type SqlType } from './types';

export interface FunctionDef {
  kind: 'scalar' | 'aggregate' | 'window';
  returns: SqlType | ((args: SqlType[], fn: FunctionExpr) => SqlType);
  /** COUNT-like aggregates: the values they read do not reach the output (so a VERY_HIGH column is not exposed). */
  counts?: boolean;
}

const first = (args: SqlType[]) => args[0] ?? UNKNOWN;
const common = (args: SqlType[]) => commonType(args);
const scalar = (returns: FunctionDef['returns']): FunctionDef => ({ kind: 'scalar', returns });
const aggregate = (returns: FunctionDef['returns'], counts = false): FunctionDef => ({
  kind: 'aggregate',
  returns,
  counts,
});
const windowOnly = (returns: FunctionDef['returns']): FunctionDef => ({ kind: 'window', returns });
const sumType = (args: SqlType[]) => {
  const t = first(args);
  return isIntegral(t) || t === 'BOOLEAN' ? 'LONG' : t === UNKNOWN ? UNKNOWN : t.startsWith('DECIMAL') ? t : 'DOUBLE';
};

const DEFS: Record<string, FunctionDef> = {
  // string
  CHARINDEX: scalar('INTEGER'),
  LOCATE: scalar('INTEGER'),
  INSTR: scalar('INTEGER'),
  STRPOS: scalar('INTEGER'),
  POSITION: scalar('INTEGER'),
  CONCAT: scalar('STRING'),
  CONCAT_WS: scalar('STRING'),
  FORMAT: scalar('STRING'),
  DATE_FORMAT: scalar('STRING'),
  TO_CHAR: scalar('STRING'),
  LEFT: scalar('STRING'),
  RIGHT: scalar('STRING'),
  LENGTH: scalar('INTEGER'),
  LEN: scalar('INTEGER'),
  CHAR_LENGTH: scalar('INTEGER'),
  LOWER: scalar('STRING'),
  LCASE: scalar('STRING'),
  UPPER: scalar('STRING'),
  UCASE: scalar('STRING'),
  LTRIM: scalar('STRING'),
  RTRIM: scalar('STRING'),
  TRIM: scalar('STRING'),
  LPAD: scalar('STRING'),
  RPAD: scalar('STRING'),
  REPLACE: scalar('STRING'),
  REVERSE: scalar('STRING'),
  REPEAT: scalar('STRING'),
  REGEXP_REPLACE: scalar('STRING'),
  REGEXP_SUBSTR: scalar('STRING'),
  REGEXP_EXTRACT: scalar('STRING'),
  REGEXP_SPLIT: scalar('ARRAY<STRING>'),
  SPLIT: scalar('ARRAY<STRING>'),
  SPLIT_PART: scalar('STRING'),
  SUBSTRING: scalar('STRING'),
  SUBSTR: scalar('STRING'),
  STR_TO_MAP: scalar('STRUCT'),
  INITCAP: scalar('STRING'),
  // math
  ABS: scalar(first),
  CEIL: scalar('LONG'),
  CEILING: scalar('LONG'),
  FLOOR: scalar('LONG'),
  E: scalar('DOUBLE'),
  PI: scalar('DOUBLE'),
  EXP: scalar('DOUBLE'),
  LN: scalar('DOUBLE'),
  LOG: scalar('DOUBLE'),
  LOG2: scalar('DOUBLE'),
  LOG10: scalar('DOUBLE'),
  POWER: scalar('DOUBLE'),
  POW: scalar('DOUBLE'),
  RANDOM: scalar('DOUBLE'),
  RAND: scalar('DOUBLE'),
  ROUND: scalar((a) =>
    isIntegral(first(a))
      ? first(a)
      : first(a) === UNKNOWN
        ? UNKNOWN
        : first(a).startsWith('DECIMAL')
          ? first(a)
          : 'DOUBLE',
  ),
  SQRT: scalar('DOUBLE'),
  CBRT: scalar('DOUBLE'),
  TRUNC: scalar(first),
  TRUNCATE: scalar(first),
  SIGN: scalar('INTEGER'),
  MOD: scalar(first),
  GREATEST: scalar(common),
  LEAST: scalar(common),
  // aggregates
  AVG: aggregate('DOUBLE'),
  MEAN: aggregate('DOUBLE'),
  COUNT: aggregate('LONG', true),
  COUNT_IF: aggregate('LONG', true),
  APPROX_DISTINCT: aggregate('LONG', true),
  APPROX_COUNT_DISTINCT: aggregate('LONG', true),
  MIN: aggregate(first),
  MAX: aggregate(first),
  SUM: aggregate(sumType),
  SUM_IF: aggregate(sumType),
  COLLECT: aggregate((a) => `ARRAY<${first(a)}>`),
  COLLECT_LIST: aggregate((a) => `ARRAY<${first(a)}>`),
  COLLECT_SET: aggregate((a) => `ARRAY<${first(a)}>`),
  ARRAY_AGG: aggregate((a) => `ARRAY<${first(a)}>`),
  STRING_AGG: aggregate('STRING'),
  LISTAGG: aggregate('STRING'),
  STDDEV: aggregate('DOUBLE'),
  STDDEV_POP: aggregate('DOUBLE'),
  STDDEV_SAMP: aggregate('DOUBLE'),
  VARIANCE: aggregate('DOUBLE'),
  VAR_POP: aggregate('DOUBLE'),
  VAR_SAMP: aggregate('DOUBLE'),
  SKEWNESS: aggregate('DOUBLE'),
  KURTOSIS: aggregate('DOUBLE'),
  CORR: aggregate('DOUBLE'),
  COVAR_POP: aggregate('DOUBLE'),
  COVAR_SAMP: aggregate('DOUBLE'),
  PERCENTILE: aggregate('DOUBLE'),
  PERCENTILE_CONT: aggregate('DOUBLE'),
  PERCENTILE_APPROX: aggregate(first),
  APPROX_PERCENTILE: aggregate(first),
  MEDIAN: aggregate('DOUBLE'),
  ANY_VALUE: aggregate(first),
  ARBITRARY: aggregate(first),
  FIRST: aggregate(first),
  LAST: aggregate(first),
  MAX_BY: aggregate(first),
  MIN_BY: aggregate(first),
  BOOL_OR: aggregate('BOOLEAN'),
  BOOL_AND: aggregate('BOOLEAN'),
  EVERY: aggregate('BOOLEAN'),
  // date and time
  CONVERT_TIME_ZONE_FROM_UTC: scalar(first),
  CURRENT_DATE: scalar('DATE'),
  CURRENT_TIMESTAMP: scalar('TIMESTAMP'),
  NOW: scalar('TIMESTAMP'),
  DATE_TRUNC: scalar((a) => (a[1] === 'DATE' ? 'DATE' : 'TIMESTAMP')),
  DAYOFMONTH: scalar('INTEGER'),
  DAY: scalar('INTEGER'),
  DAYOFWEEK: scalar('INTEGER'),
  DAY_OF_WEEK: scalar('INTEGER'),
  DAYOFYEAR: scalar('INTEGER'),
  EPOCH_TO_UTC_TIMESTAMP: scalar('TIMESTAMP'),
  FROM_UNIXTIME: scalar('TIMESTAMP'),
  UNIX_TIMESTAMP: scalar('LONG'),
  HOUR: scalar('INTEGER'),
  MINUTE: scalar('INTEGER'),
  SECOND: scalar('INTEGER'),
  MONTH: scalar('INTEGER'),
  QUARTER: scalar('INTEGER'),
  WEEK: scalar('INTEGER'),
  WEEKOFYEAR: scalar('INTEGER'),
  YEAR: scalar('INTEGER'),
  SECONDS_BETWEEN: scalar('LONG'),
  MINUTES_BETWEEN: scalar('LONG'),
  HOURS_BETWEEN: scalar('LONG'),
  DAYS_BETWEEN: scalar('LONG'),
  DATEDIFF: scalar('LONG'),
  DATE_DIFF: scalar('LONG'),
  DATE_ADD: scalar((a) => (a.length === 3 ? (a[2] ?? 'TIMESTAMP') : (a[0] ?? 'DATE'))),
  DATEADD: scalar((a) => a[2] ?? 'TIMESTAMP'),
  DATE_SUB: scalar(first),
  ADD_MONTHS: scalar(first),
  TO_DATE: scalar('DATE'),
  DATE: scalar('DATE'),
  TO_TIMESTAMP: scalar('TIMESTAMP'),
  LAST_DAY: scalar('DATE'),
  // conditional
  COALESCE: scalar(common),
  IF: scalar((a) => commonType(a.slice(1))),
  IFNULL: scalar(common),
  NVL: scalar(common),
  NVL2: scalar((a) => commonType(a.slice(1))),
  NULLIF: scalar(first),
  CONTAINED_IN: scalar('BOOLEAN'),
  // arrays
  ARRAY_CAT: scalar(first),
  ARRAY_CONTAINS: scalar('BOOLEAN'),
  CONTAINS: scalar('BOOLEAN'),
  ARRAY_COMPLEMENT: scalar(first),
  ARRAY_EXCEPT: scalar(first),
  ARRAY_DISTINCT: scalar(first),
  ARRAY_INTERSECT: scalar(first),
  ARRAY_REMOVE: scalar(first),
  ARRAY_SORT: scalar(first),
  SORT_ARRAY: scalar(first),
  ARRAY_TO_STRING: scalar('STRING'),
  ARRAY_JOIN: scalar('STRING'),
  ARRAY_UNION: scalar(first),
  ARRAY_POSITION: scalar('INTEGER'),
  ARRAY_SIZE: scalar('INTEGER'),
  CARDINALITY: scalar('INTEGER'),
  SIZE: scalar('INTEGER'),
  ELEMENT_AT: scalar((a) => (isArray(first(a)) ? elementType(first(a)) : UNKNOWN)),
  SLICE: scalar(first),
  EXPLODE: scalar((a) => (isArray(first(a)) ? elementType(first(a)) : UNKNOWN)),
  FLATTEN: scalar((a) => (isArray(first(a)) ? elementType(first(a)) : UNKNOWN)),
  ARRAY: scalar((a) => `ARRAY<${commonType(a)}>`),
  // window-only
  RANK: windowOnly('LONG'),
  DENSE_RANK: windowOnly('LONG'),
  ROW_NUMBER: windowOnly('LONG'),
  NTILE: windowOnly('LONG'),
  PERCENT_RANK: windowOnly('DOUBLE'),
  CUME_DIST: windowOnly('DOUBLE'),
  LAG: windowOnly(first),
  LEAD: windowOnly(first),
  FIRST_VALUE: windowOnly(first),
  LAST_VALUE: windowOnly(first),
  NTH_VALUE: windowOnly(first),
  // hash, binary, JSON
  HASH: scalar('LONG'),
  HASH64: scalar('LONG'),
  MD5: scalar('STRING'),
  SHA1: scalar('STRING'),
  SHA2: scalar('STRING'),
  SHA256: scalar('STRING'),
  JSON_EXTRACT: scalar('STRING'),
  JSON_EXTRACT_SCALAR: scalar('STRING'),
  JSON_SERIALIZE: scalar('STRING'),
  // expressions
  UUID: scalar('STRING'),
  NAMED_ROW: scalar('STRUCT'),
};

export function functionDef(name: string): FunctionDef | undefined {
  return DEFS[name.toUpperCase()];
}

export function isAggregateName(name: string): boolean {
  return functionDef(name)?.kind === 'aggregate';
}

/** The result type of a call (UNKNOWN for functions the front end does not know). */
export function functionType(fn: FunctionExpr, args: SqlType[]): SqlType {
  const def = functionDef(fn.name.name);
  if (!def) return UNKNOWN;
  return typeof def.returns === 'string' ? def.returns : def.returns(args, fn);
}
