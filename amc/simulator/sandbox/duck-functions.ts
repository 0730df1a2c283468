/**
 * AMC functions in DuckDB: the calls whose name, argument order or semantics differ (AMC's SIMILAR TO is a regex
 * search, SECONDS_BETWEEN(a, b) is b − a, DAYOFWEEK counts from Sunday = 1, REGEXP_REPLACE replaces every match,
 * COLLECT keeps NULLs, …). Functions not listed keep their name. A function the sandbox cannot imitate throws
 * SandboxUnsupported naming it, so the run ends SANDBOX_UNSUPPORTED instead of computing something else.
 */
import type { FunctionExpr } from '../../../amc/sql/ast';
import { isArray, isNumeric, isString, type SqlType } from '../../../amc/sql/types';
import { SandboxUnsupported } from './sandbox-errors';

export interface Call {
  fn: FunctionExpr;
  name: string;
  args: string[];
  types: SqlType[];
  distinct: string;
  /** The literal text of argument i when it is a string literal. */
  literal(i: number): string | undefined;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ts = (a: string) => `CAST(${a} AS TIMESTAMP)`;
const between = (unit: string) => (c: Call) => `date_diff('${unit}', ${ts(c.args[0]!)}, ${ts(c.args[1]!)})`;
const rename = (to: string) => (c: Call) => `${to}(${c.distinct}${c.args.join(', ')})`;

const TRANSLATIONS: Record<string, (c: Call) => string> = {
  // string
  CHARINDEX: (c) => position(c),
  LOCATE: (c) => position(c),
  INSTR: (c) => `instr(${c.args[0]}, ${c.args[1]})`,
  STRPOS: (c) => `strpos(${c.args[0]}, ${c.args[1]})`,
  // CONCAT casts every argument to a string and, like SQL's ||, is NULL when any argument is NULL.
  CONCAT: (c) => `(${c.args.map((a) => `CAST(${a} AS VARCHAR)`).join(' || ')})`,
  LCASE: rename('lower'),
  UCASE: rename('upper'),
  LEN: rename('length'),
  CHAR_LENGTH: rename('length'),
  REGEXP_REPLACE: (c) => `regexp_replace(${c.args[0]}, ${c.args[1]}, ${c.args[2] ?? "''"}, 'g')`,
  REGEXP_SUBSTR: (c) => `nullif(regexp_extract(${c.args[0]}, ${c.args[1]}), '')`,
  // Spark's REGEXP_EXTRACT returns group 1 by default.
  REGEXP_EXTRACT: (c) => `regexp_extract(${c.args[0]}, ${c.args[1]}, ${c.args[2] ?? '1'})`,
  REGEXP_SPLIT: (c) => `regexp_split_to_array(${c.args[0]}, ${c.args[1]})`,
  SPLIT: (c) => `regexp_split_to_array(${c.args[0]}, ${c.args[1]})`,
  SUBSTR: rename('substring'),
  FORMAT: (c) => format(c),
  DATE_FORMAT: (c) => format(c),
  TO_CHAR: (c) => format(c),
  INITCAP: (c) =>
    `array_to_string(list_transform(string_split(lower(${c.args[0]}), ' '), lambda w: upper(w[1]) || w[2:]), ' ')`,
  // math
  E: () => 'exp(1)',
  RAND: () => 'random()',
  POW: rename('power'),
  LOG: (c) => (c.args.length === 2 ? `log(${c.args[0]}, ${c.args[1]})` : `ln(${c.args[0]})`),
  MOD: (c) => `(${c.args[0]} % ${c.args[1]})`,
  TRUNCATE: rename('trunc'),
  CEIL: (c) => `CAST(ceil(${c.args[0]}) AS BIGINT)`,
  CEILING: (c) => `CAST(ceil(${c.args[0]}) AS BIGINT)`,
  FLOOR: (c) => `CAST(floor(${c.args[0]}) AS BIGINT)`,
  // aggregates
  SUM_IF: (c) => `sum(CASE WHEN ${c.args[1]} THEN ${c.args[0]} END)`,
  APPROX_DISTINCT: rename('approx_count_distinct'),
  COLLECT: rename('list'),
  COLLECT_LIST: rename('list'),
  COLLECT_SET: (c) => `list(DISTINCT ${c.args[0]})`,
  ARRAY_AGG: rename('list'),
  LISTAGG: rename('string_agg'),
  MEAN: rename('avg'),
  PERCENTILE: (c) => `quantile_cont(${c.args[0]}, ${c.args[1]})`,
  PERCENTILE_CONT: (c) => `quantile_cont(${c.args[0]}, ${c.args[1]})`,
  APPROX_PERCENTILE: (c) => `approx_quantile(${c.args[0]}, ${c.args[1]})`,
  PERCENTILE_APPROX: (c) => `approx_quantile(${c.args[0]}, ${c.args[1]})`,
  ARBITRARY: rename('any_value'),
  MAX_BY: rename('arg_max'),
  MIN_BY: rename('arg_min'),
  EVERY: rename('bool_and'),
  // date and time
  CONVERT_TIME_ZONE_FROM_UTC: (c) => {
    const shifted = `timezone(${c.args[1]}, timezone('UTC', ${ts(c.args[0]!)}))`;
    return c.types[0] === 'DATE' ? `CAST(${shifted} AS DATE)` : shifted;
  },
  CURRENT_TIMESTAMP: () => 'CAST(current_timestamp AS TIMESTAMP)',
  NOW: () => 'CAST(current_timestamp AS TIMESTAMP)',
  DATE_TRUNC: (c) => {
    const unit = c.literal(0);
    const truncated = `date_trunc(${unit ? lit(unit.toLowerCase()) : c.args[0]}, ${c.args[1]})`;
    return c.types[1] === 'DATE' ? `CAST(${truncated} AS DATE)` : truncated;
  },
  DAYOFWEEK: (c) => `(dayofweek(${c.args[0]}) + 1)`,
  DAY_OF_WEEK: (c) => `(dayofweek(${c.args[0]}) + 1)`,
  WEEK: (c) => `weekofyear(${c.args[0]})`,
  EPOCH_TO_UTC_TIMESTAMP: (c) =>
    `CASE WHEN abs(${c.args[0]}) >= 100000000000 THEN epoch_ms(CAST(${c.args[0]} AS BIGINT)) ELSE epoch_ms(CAST(CAST(${c.args[0]} AS DOUBLE) * 1000 AS BIGINT)) END`,
  FROM_UNIXTIME: (c) => `epoch_ms(CAST(CAST(${c.args[0]} AS DOUBLE) * 1000 AS BIGINT))`,
  UNIX_TIMESTAMP: (c) =>
    c.args.length === 0 ? 'CAST(epoch(current_timestamp) AS BIGINT)' : `CAST(epoch(${ts(c.args[0]!)}) AS BIGINT)`,
  SECONDS_BETWEEN: between('second'),
  MINUTES_BETWEEN: between('minute'),
  HOURS_BETWEEN: between('hour'),
  DAYS_BETWEEN: between('day'),
  // Spark DATEDIFF(end, start) counts days from start to end.
  DATEDIFF: (c) =>
    c.args.length === 3
      ? `date_diff(${c.args[0]}, ${ts(c.args[1]!)}, ${ts(c.args[2]!)})`
      : `date_diff('day', CAST(${c.args[1]} AS DATE), CAST(${c.args[0]} AS DATE))`,
  DATE_DIFF: (c) => `date_diff(${c.args[0]}, ${ts(c.args[1]!)}, ${ts(c.args[2]!)})`,
  DATE_ADD: (c) => dateAdd(c, 1),
  DATEADD: (c) => dateAdd(c, 1),
  DATE_SUB: (c) => dateAdd(c, -1),
  ADD_MONTHS: (c) => `CAST(${c.args[0]} AS DATE) + to_months(CAST(${c.args[1]} AS INTEGER))`,
  TO_DATE: (c) =>
    c.args.length > 1 ? `CAST(strptime(${c.args[0]}, ${strftimePattern(c, 1)}) AS DATE)` : `CAST(${c.args[0]} AS DATE)`,
  DATE: (c) => `CAST(${c.args[0]} AS DATE)`,
  TO_TIMESTAMP: (c) =>
    c.args.length > 1 ? `strptime(${c.args[0]}, ${strftimePattern(c, 1)})` : `CAST(${c.args[0]} AS TIMESTAMP)`,
  // conditional
  NVL: rename('coalesce'),
  NVL2: (c) => `CASE WHEN ${c.args[0]} IS NOT NULL THEN ${c.args[1]} ELSE ${c.args[2]} END`,
  CONTAINED_IN: (c) => `(${c.args[0]} IN (${c.args.slice(1).join(', ')}))`,
  // arrays
  ARRAY_CAT: rename('list_concat'),
  ARRAY_CONTAINS: (c) => listContains(c),
  CONTAINS: (c) => (isArray(c.types[0] ?? '') ? listContains(c) : `contains(${c.args[0]}, ${c.args[1]})`),
  ARRAY_COMPLEMENT: (c) =>
    `list_filter(${c.args[0]}, lambda __x: NOT coalesce(list_contains(${c.args[1]}, __x), false))`,
  ARRAY_EXCEPT: (c) => `list_filter(${c.args[0]}, lambda __x: NOT coalesce(list_contains(${c.args[1]}, __x), false))`,
  ARRAY_DISTINCT: rename('list_distinct'),
  ARRAY_INTERSECT: rename('list_intersect'),
  ARRAY_REMOVE: (c) => `list_filter(${c.args[0]}, lambda __x: __x IS DISTINCT FROM ${c.args[1]})`,
  ARRAY_SORT: rename('list_sort'),
  SORT_ARRAY: rename('list_sort'),
  ARRAY_TO_STRING: (c) => `array_to_string(${c.args[0]}, ${c.args[1]})`,
  ARRAY_JOIN: (c) => `array_to_string(${c.args[0]}, ${c.args[1]})`,
  ARRAY_UNION: (c) => `list_distinct(list_concat(${c.args[0]}, ${c.args[1]}))`,
  ARRAY_POSITION: rename('list_position'),
  ARRAY_SIZE: rename('len'),
  CARDINALITY: rename('len'),
  SIZE: rename('len'),
  ELEMENT_AT: (c) => `${c.args[0]}[${c.args[1]}]`,
  SLICE: (c) => `list_slice(${c.args[0]}, ${c.args[1]}, ${c.args[1]} + ${c.args[2]} - 1)`,
  EXPLODE: rename('unnest'),
  ARRAY: (c) => `[${c.args.join(', ')}]`,
  // hash, JSON, expressions
  HASH64: rename('hash'),
  SHA2: (c) => `sha256(${c.args[0]})`,
  JSON_EXTRACT: (c) => `CAST(json_extract(${c.args[0]}, ${c.args[1]}) AS VARCHAR)`,
  JSON_EXTRACT_SCALAR: (c) => `json_extract_string(${c.args[0]}, ${c.args[1]})`,
  JSON_SERIALIZE: (c) => `CAST(to_json(${c.args[0]}) AS VARCHAR)`,
  UUID: () => 'CAST(uuid() AS VARCHAR)',
  NAMED_ROW: (c) => namedRow(c),
  GETDATE: () => 'CAST(current_timestamp AS TIMESTAMP)',
};

/** DuckDB SQL for a call whose arguments are already printed. */
export function translateCall(c: Call): string {
  const t = TRANSLATIONS[c.name];
  if (t) return t(c);
  return `${c.fn.name.name.toLowerCase()}(${c.distinct}${c.fn.star ? '*' : c.args.join(', ')})`;
}

/** CHARINDEX(substring, string [, start]) / LOCATE: 1-based position, 0 when absent. */
function position(c: Call): string {
  const [sub, str, start] = c.args;
  if (!start) return `instr(${str}, ${sub})`;
  return `CASE WHEN instr(substring(${str}, ${start}), ${sub}) = 0 THEN 0 ELSE instr(substring(${str}, ${start}), ${sub}) + ${start} - 1 END`;
}

/** ARRAY_CONTAINS(array, value): compares as strings when the array holds strings and the value does not. */
function listContains(c: Call): string {
  const [arr, value] = c.args;
  const elem = /^ARRAY<(.*)>$/.exec(c.types[0] ?? '')?.[1];
  const v = c.types[1] ?? '';
  if (elem === 'STRING' && !isString(v)) return `list_contains(${arr}, CAST(${value} AS VARCHAR))`;
  if (elem && isNumeric(elem) && isString(v))
    return `list_contains(${arr}, TRY_CAST(${value} AS ${elem === 'DOUBLE' ? 'DOUBLE' : 'BIGINT'}))`;
  return `list_contains(${arr}, ${value})`;
}

/** NAMED_ROW('label1', v1, 'label2', v2, …) → a struct with those field names. */
function namedRow(c: Call): string {
  if (c.args.length % 2 !== 0) throw new SandboxUnsupported('NAMED_ROW needs label/value pairs');
  const fields: string[] = [];
  for (let i = 0; i < c.args.length; i += 2) {
    const label = c.literal(i);
    if (label === undefined) throw new SandboxUnsupported('NAMED_ROW labels that are not string literals');
    fields.push(`"${label.replace(/"/g, '""')}" := ${c.args[i + 1]}`);
  }
  return `struct_pack(${fields.join(', ')})`;
}

/** DATE_ADD(date, days) (Spark) or DATE_ADD('unit', n, timestamp) (Presto); DATE_SUB(date, days). */
function dateAdd(c: Call, sign: 1 | -1): string {
  if (c.args.length === 3) {
    const unit = (c.literal(0) ?? 'day').toLowerCase().replace(/s$/, '');
    return `(${ts(c.args[2]!)} + ${sign < 0 ? '-' : ''}CAST(${c.args[1]} AS BIGINT) * INTERVAL 1 ${unit})`;
  }
  return `(CAST(${c.args[0]} AS DATE) ${sign < 0 ? '-' : '+'} CAST(${c.args[1]} AS INTEGER))`;
}

/** FORMAT / DATE_FORMAT / TO_CHAR with a Java (yyyy-MM-dd) or Postgres (YYYY-MM-DD) date pattern, or a number pattern. */
function format(c: Call): string {
  const pattern = c.literal(1);
  if (pattern === undefined) throw new SandboxUnsupported(`${c.name} with a pattern that is not a string literal`);
  const type = c.types[0] ?? '';
  if (isNumeric(type) || /^[#0,.%]+$/.test(pattern)) return numberFormat(c, pattern);
  return `strftime(${ts(c.args[0]!)}, ${lit(datePattern(c.name, pattern))})`;
}

function strftimePattern(c: Call, i: number): string {
  const pattern = c.literal(i);
  if (pattern === undefined) throw new SandboxUnsupported(`${c.name} with a pattern that is not a string literal`);
  return lit(datePattern(c.name, pattern));
}

const JAVA_DATE: [RegExp, string][] = [
  [/yyyy/g, '%Y'],
  [/yy/g, '%y'],
  [/MMMM/g, '%B'],
  [/MMM/g, '%b'],
  [/MM/g, '%m'],
  [/dd/g, '%d'],
  [/HH/g, '%H'],
  [/hh/g, '%I'],
  [/mm/g, '%M'],
  [/ss/g, '%S'],
  [/EEEE/g, '%A'],
  [/EEE/g, '%a'],
  [/a/g, '%p'],
  [/D{1,3}/g, '%j'],
];
const PG_DATE: [RegExp, string][] = [
  [/YYYY/g, '%Y'],
  [/YY/g, '%y'],
  [/Month/g, '%B'],
  [/Mon/g, '%b'],
  [/MM/g, '%m'],
  [/DD/g, '%d'],
  [/HH24/g, '%H'],
  [/HH12|HH/g, '%I'],
  [/MI/g, '%M'],
  [/SS/g, '%S'],
  [/Day/g, '%A'],
  [/Dy/g, '%a'],
];

function datePattern(name: string, pattern: string): string {
  const table = name === 'TO_CHAR' || /YYYY|HH24|MI/.test(pattern) ? PG_DATE : JAVA_DATE;
  let out = pattern.replace(/%/g, '%%');
  for (const [re, to] of table) out = out.replace(re, to);
  if (/[A-Za-z]/.test(out.replace(/%[A-Za-z]/g, '').replace(/[-/ :.,T]/g, '')))
    throw new SandboxUnsupported(
      `${name} pattern '${pattern}' (the sandbox understands yyyy, MM, dd, HH, mm, ss and friends)`,
    );
  return out;
}

/** Java DecimalFormat-style number patterns: '0.00', '#,##0', '#,##0.0', '0%'. */
function numberFormat(c: Call, pattern: string): string {
  const m = /^([#,0]*?)(0*)(?:\.(0+))?(%?)$/.exec(pattern);
  if (!m) throw new SandboxUnsupported(`${c.name} number pattern '${pattern}'`);
  const decimals = m[3]?.length ?? 0;
  const grouping = pattern.includes(',') ? ',' : '';
  const value = m[4] ? `(${c.args[0]}) * 100` : c.args[0];
  return `format('{:${grouping}.${decimals}f}${m[4] ? '%' : ''}', CAST(${value} AS DOUBLE))`;
}
