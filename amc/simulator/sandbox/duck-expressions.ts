/**
 * AMC expressions as DuckDB expressions (used by to-duckdb.ts): AMC functions through duck-functions.ts, and AMC's
 * implicit coercions made explicit — mixed string/number branches become strings, a string compared with a number
 * compares numerically, `/` by zero is NULL, casts from text are lenient (TRY_CAST). CUSTOM_PARAMETER('x') becomes
 * the run's value as a typed literal and BUILT_IN_PARAMETER the window bounds.
 */
import type { Analysis, ExprInfo } from '../../../amc/sql/analysis';
import type { Expr, FunctionExpr, OrderItem, Query, WindowSpec } from '../../../amc/sql/ast';
import {
  UNKNOWN,
  commonType,
  duckType,
  duckTypeName,
  elementType,
  isArray,
  isNumeric,
  isString,
  type SqlType,
} from '../../../amc/sql/types';
import { translateCall } from './duck-functions';
import { SandboxUnsupported } from './sandbox-errors';

export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const str = (s: string) => `'${s.replace(/'/g, "''")}'`;
const TIME_FIELDS = new Set(['HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND']);
const INTERVAL_FUNCTIONS: Record<string, string> = {
  YEAR: 'to_years',
  QUARTER: 'to_months',
  MONTH: 'to_months',
  WEEK: 'to_weeks',
  DAY: 'to_days',
  HOUR: 'to_hours',
  MINUTE: 'to_minutes',
  SECOND: 'to_seconds',
  MILLISECOND: 'to_milliseconds',
};

export interface ExpressionContext {
  analysis: Analysis;
  /** Values of CUSTOM_PARAMETER('x') for this run, and their declared types. */
  params: Record<string, unknown>;
  paramTypes: Map<string, SqlType>;
  window: { startMs: number; endMs: number };
}

export class ExprPrinter {
  private readonly a: Analysis;

  constructor(
    private readonly input: ExpressionContext,
    /** Prints a subquery used as an expression (scalar, IN, EXISTS): it yields no user lineage. */
    private readonly subquery: (query: Query) => string,
  ) {
    this.a = input.analysis;
  }

  private info(e: Expr): ExprInfo {
    return this.a.exprs.get(e) ?? { type: UNKNOWN, metric: false };
  }

  private t(e: Expr): SqlType {
    return this.info(e).type;
  }

  expr(e: Expr): string {
    switch (e.kind) {
      case 'literal':
        if (e.type === 'string') return str(e.value);
        return e.value;
      case 'typed_literal':
        return `${e.dataType} ${str(e.value)}`;
      case 'interval':
        return this.interval(e.value, e.unit);
      case 'column': {
        const res = this.a.columns.get(e);
        if (res?.kind === 'alias') return `(${this.expr(res.item.expr)})`;
        return e.parts.map((p) => q(p.name)).join('.');
      }
      case 'star':
        return '*';
      case 'function':
        return this.call(e);
      case 'unary':
        return e.op === 'NOT' ? `(NOT ${this.expr(e.operand)})` : `(${e.op}${this.expr(e.operand)})`;
      case 'binary':
        return this.binary(e.op, e.left, e.right);
      case 'match': {
        const value = isString(this.t(e.value)) ? this.expr(e.value) : `CAST(${this.expr(e.value)} AS VARCHAR)`;
        if (e.op === 'LIKE' || e.op === 'ILIKE') {
          const escape = e.escape ? ` ESCAPE ${this.expr(e.escape)}` : '';
          return `(${value} ${e.not ? 'NOT ' : ''}${e.op} ${this.expr(e.pattern)}${escape})`;
        }
        // AMC's SIMILAR TO (and RLIKE) take a Java regular expression and match anywhere in the value.
        return `(${e.not ? 'NOT ' : ''}regexp_matches(${value}, ${this.expr(e.pattern)}))`;
      }
      case 'is': {
        const not = e.not ? 'NOT ' : '';
        if (e.test === 'DISTINCT FROM') return `(${this.expr(e.value)} IS ${not}DISTINCT FROM ${this.expr(e.other!)})`;
        return `(${this.expr(e.value)} IS ${not}${e.test})`;
      }
      case 'between': {
        const numeric = [e.low, e.high].some((x) => isNumeric(this.t(x)));
        const value =
          numeric && isString(this.t(e.value)) ? `TRY_CAST(${this.expr(e.value)} AS DOUBLE)` : this.expr(e.value);
        return `(${value} ${e.not ? 'NOT ' : ''}BETWEEN ${this.expr(e.low)} AND ${this.expr(e.high)})`;
      }
      case 'in_list': {
        const vt = this.t(e.value);
        const lts = e.list.map((x) => this.t(x));
        let value = this.expr(e.value);
        if (isString(vt) && lts.some(isNumeric)) value = `TRY_CAST(${value} AS DOUBLE)`;
        else if (isNumeric(vt) && lts.some(isString)) value = `CAST(${value} AS VARCHAR)`;
        return `(${value} ${e.not ? 'NOT ' : ''}IN (${e.list.map((x) => this.expr(x)).join(', ')}))`;
      }
      case 'in_query':
        return `(${this.expr(e.value)} ${e.not ? 'NOT ' : ''}IN (${this.subquery(e.query)}))`;
      case 'exists':
        return `(EXISTS (${this.subquery(e.query)}))`;
      case 'subquery':
        return `(${this.subquery(e.query)})`;
      case 'case': {
        const results = [...e.whens.map((w) => w.then), ...(e.else ? [e.else] : [])];
        const asText = this.coerced(results);
        const operand = e.operand ? ` ${this.expr(e.operand)}` : '';
        const whens = e.whens.map((w) => ` WHEN ${this.expr(w.when)} THEN ${asText(w.then)}`).join('');
        return `(CASE${operand}${whens}${e.else ? ` ELSE ${asText(e.else)}` : ''} END)`;
      }
      case 'cast':
        return this.cast(e.expr, e.to, e.try);
      case 'extract':
        return this.extract(e.field, e.expr);
      case 'array':
        return `[${e.elements.map((x) => this.expr(x)).join(', ')}]`;
      case 'row':
        return `row(${e.elements.map((x) => this.expr(x)).join(', ')})`;
      case 'subscript':
        return `(${this.expr(e.expr)})[${this.expr(e.index)}]`;
      case 'field':
        return `(${this.expr(e.expr)}).${q(e.field.name)}`;
    }
  }

  /** Branch printer: casts non-string branches to VARCHAR when the branches mix strings with other types. */
  private coerced(branches: Expr[]): (e: Expr) => string {
    const types = branches.map((b) => this.t(b));
    const mixed = commonType(types) === 'STRING' && types.some((t) => t !== 'STRING' && t !== 'NULL' && t !== UNKNOWN);
    return (e) => (mixed && !isString(this.t(e)) ? `CAST(${this.expr(e)} AS VARCHAR)` : this.expr(e));
  }

  private binary(op: string, left: Expr, right: Expr): string {
    const lt = this.t(left);
    const rt = this.t(right);
    let l = this.expr(left);
    let r = this.expr(right);
    if (['=', '<>', '<', '<=', '>', '>=', '<=>'].includes(op)) {
      // AMC compares a string with a number numerically (a non-numeric string matches nothing).
      if (isString(lt) && isNumeric(rt)) l = `TRY_CAST(${l} AS DOUBLE)`;
      else if (isNumeric(lt) && isString(rt)) r = `TRY_CAST(${r} AS DOUBLE)`;
      if (op === '<=>') return `(${l} IS NOT DISTINCT FROM ${r})`;
    }
    switch (op) {
      case '/':
        return `(${l} / NULLIF(${r}, 0))`;
      case '%':
        return `(${l} % NULLIF(${r}, 0))`;
      case 'DIV':
        return `(${l} // NULLIF(${r}, 0))`;
      case '||':
        return `(CAST(${l} AS VARCHAR) || CAST(${r} AS VARCHAR))`;
      default:
        return `(${l} ${op} ${r})`;
    }
  }

  private interval(value: Expr, unit: string | undefined): string {
    const u = unit?.toUpperCase().replace(/S$/, '');
    if (value.kind === 'literal' && (value.type === 'string' || value.type === 'number')) {
      return u ? `INTERVAL ${str(value.value)} ${u}` : `CAST(${str(value.value)} AS INTERVAL)`;
    }
    const fn = u ? INTERVAL_FUNCTIONS[u] : undefined;
    if (!fn) throw new SandboxUnsupported(`INTERVAL of a computed value without a unit`);
    const n = `CAST(${this.expr(value)} AS BIGINT)`;
    return u === 'QUARTER' ? `${fn}(${n} * 3)` : `${fn}(${n})`;
  }

  private cast(expr: Expr, to: { name: string; params: number[]; element?: unknown }, isTry: boolean): string {
    const target = duckTypeName(to as Parameters<typeof duckTypeName>[0]);
    if (expr.kind === 'literal' && expr.type === 'string') {
      const word = expr.value.trim().toLowerCase();
      if (target === 'DATE' && word === 'today') return 'current_date';
      if (target === 'TIMESTAMP' && word === 'now') return 'CAST(current_timestamp AS TIMESTAMP)';
    }
    // AMC casts leniently: text that is not a number/date becomes NULL instead of failing the run.
    const lenient = isTry || isString(this.t(expr));
    return `${lenient ? 'TRY_CAST' : 'CAST'}(${this.expr(expr)} AS ${target})`;
  }

  private extract(field: string, expr: Expr): string {
    const value = TIME_FIELDS.has(field) ? `CAST(${this.expr(expr)} AS TIMESTAMP)` : this.expr(expr);
    switch (field) {
      case 'DOW':
      case 'DAYOFWEEK':
      case 'DAY_OF_WEEK':
        return `(extract(dow FROM ${value}) + 1)`;
      case 'DOY':
      case 'DAYOFYEAR':
        return `extract(doy FROM ${value})`;
      case 'WEEK':
        return `extract(week FROM ${value})`;
      default:
        return `extract(${field.toLowerCase()} FROM ${value})`;
    }
  }

  private call(fn: FunctionExpr): string {
    const name = fn.name.name.toUpperCase();
    if (name === 'CUSTOM_PARAMETER') return this.parameter(fn);
    if (name === 'BUILT_IN_PARAMETER') {
      const which = (fn.args[0] as { value: string }).value.toUpperCase();
      const ms = which === 'TIME_WINDOW_START' ? this.input.window.startMs : this.input.window.endMs;
      return `TIMESTAMP '${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`;
    }
    if (fn.form === 'niladic') return name === 'CURRENT_DATE' ? 'current_date' : 'CAST(current_timestamp AS TIMESTAMP)';
    let sql: string;
    if (fn.form === 'position') sql = `position(${this.expr(fn.args[0]!)} IN ${this.expr(fn.args[1]!)})`;
    else if (fn.form === 'trim_both' || fn.form === 'trim_leading' || fn.form === 'trim_trailing') {
      const f = fn.form === 'trim_both' ? 'trim' : fn.form === 'trim_leading' ? 'ltrim' : 'rtrim';
      sql = `${f}(${fn.args.map((x) => this.expr(x)).join(', ')})`;
    } else {
      const coerce = COERCED_ARGS[name];
      const printArg = coerce ? this.coerced(coerce(fn.args)) : (e: Expr) => this.expr(e);
      let args = fn.args.map(printArg);
      if (name === 'COUNT' && fn.distinct && args.length > 1) args = [`row(${args.join(', ')})`];
      sql = translateCall({
        fn,
        name,
        args,
        types: fn.args.map((x) => this.t(x)),
        distinct: fn.distinct ? 'DISTINCT ' : '',
        literal: (i) => {
          const x = fn.args[i];
          return x?.kind === 'literal' && x.type === 'string' ? x.value : undefined;
        },
      });
    }
    if (fn.filter) sql += ` FILTER (WHERE ${this.expr(fn.filter)})`;
    if (fn.over)
      sql += ` OVER ${fn.over.name && fn.over.partitionBy.length === 0 && fn.over.orderBy.length === 0 && !fn.over.frame ? q(fn.over.name.name) : this.windowSpec(fn.over)}`;
    return sql;
  }

  windowSpec(w: WindowSpec): string {
    const parts: string[] = [];
    if (w.name) parts.push(q(w.name.name));
    if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${w.partitionBy.map((e) => this.expr(e)).join(', ')}`);
    if (w.orderBy.length > 0) parts.push(`ORDER BY ${this.orderItems(w.orderBy)}`);
    if (w.frame) {
      const bound = (b: NonNullable<typeof w.frame>['start']) =>
        b.offset ? `${this.expr(b.offset)} ${b.kind}` : b.kind;
      parts.push(
        w.frame.end
          ? `${w.frame.unit} BETWEEN ${bound(w.frame.start)} AND ${bound(w.frame.end)}`
          : `${w.frame.unit} ${bound(w.frame.start)}`,
      );
    }
    return `(${parts.join(' ')})`;
  }

  private orderItems(items: OrderItem[]): string {
    return items
      .map(
        (o) =>
          `${this.expr(o.expr)}${o.desc ? ' DESC' : ' ASC'}${o.nulls ? ` NULLS ${o.nulls}` : o.desc ? ' NULLS LAST' : ' NULLS FIRST'}`,
      )
      .join(', ');
  }

  /** CUSTOM_PARAMETER('x') as a literal of its declared type (NULL and empty lists kept as such). */
  private parameter(fn: FunctionExpr): string {
    const name = (fn.args[0] as { value: string }).value;
    const type = this.input.paramTypes.get(name) ?? UNKNOWN;
    return literalOf(this.input.params[name], type);
  }
}

/** Functions whose result is one of several arguments: which arguments must agree in type. */
const COERCED_ARGS: Record<string, (args: Expr[]) => Expr[]> = {
  IF: (a) => a.slice(1),
  NVL2: (a) => a.slice(1),
  COALESCE: (a) => a,
  NVL: (a) => a,
  IFNULL: (a) => a,
  GREATEST: (a) => a,
  LEAST: (a) => a,
};

/** A parameter value as a DuckDB literal of the declared AMC type; values are escaped, numbers must be finite. */
export function literalOf(value: unknown, type: SqlType): string {
  if (isArray(type)) {
    const elem = elementType(type);
    if (value === null || value === undefined) return `CAST(NULL AS ${duckType(type)})`;
    const list = Array.isArray(value) ? value : [value];
    return `CAST([${list.map((v) => literalOf(v, elem)).join(', ')}] AS ${duckType(type)})`;
  }
  if (value === null || value === undefined) return type === UNKNOWN ? 'NULL' : `CAST(NULL AS ${duckType(type)})`;
  if (Array.isArray(value)) return `[${value.map((v) => literalOf(v, type)).join(', ')}]`;
  if (isNumeric(type) || typeof value === 'number') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    if (!Number.isFinite(n) || String(value).trim() === '') return `TRY_CAST(${str(String(value))} AS DOUBLE)`;
    return n < 0 ? `(${n})` : String(n);
  }
  if (type === 'BOOLEAN' || typeof value === 'boolean')
    return String(value).toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (type === 'DATE') return `TRY_CAST(${str(text)} AS DATE)`;
  if (type === 'TIMESTAMP') return `TRY_CAST(${str(text.replace('T', ' ').replace(/Z$/, ''))} AS TIMESTAMP)`;
  return str(text);
}
