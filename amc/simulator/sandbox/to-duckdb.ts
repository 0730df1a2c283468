/**
 * Prints a compiled AMC query (amc/sql) as DuckDB SQL the sandbox runs:
 * - AMC functions and semantics become DuckDB's (duck-functions.ts); mixed string/number CASE branches are cast
 *   to strings and string-vs-number comparisons compare numerically (AMC coerces implicitly; DuckDB would fail);
 *   `/` by zero is NULL; CASTs from strings are lenient (TRY_CAST), as in AMC.
 * - CUSTOM_PARAMETER('x') becomes the run's value as a typed literal; BUILT_IN_PARAMETER the window bounds;
 *   TABLE(EXTEND_TIME_WINDOW('t', …)) a view `__ext_<n>` of t over the widened window.
 * - User lineage: every SELECT that yields a relation (the output, CTEs, derived tables, set-operation branches)
 *   gets a last column `__u` listing the users behind its row (capped at `userCap`), so AMC's aggregation
 *   thresholds can be judged per output row. DISTINCT and UNION merge the lists of the rows they merge.
 */
import type { Analysis, ExprInfo } from '../../../amc/sql/analysis';
import type {
  Expr,
  FromItem,
  FunctionExpr,
  GroupingElement,
  Ident,
  OrderItem,
  Query,
  QueryBody,
  Select,
  SelectItem,
  ValuesBody,
  WindowSpec,
} from '../../../amc/sql/ast';
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

export interface TranslateInput {
  ast: Query;
  analysis: Analysis;
  /** Values of CUSTOM_PARAMETER('x') for this run, and their declared types. */
  params: Record<string, unknown>;
  paramTypes: Map<string, SqlType>;
  window: { startMs: number; endMs: number };
  userCap: number;
}

export interface Translation {
  sql: string;
  /** AMC tables read directly (each becomes a view of the same name over the execution window). */
  tables: string[];
  /** Extended-window reads: view name, table and ISO-8601 durations. */
  extended: { ident: string; table: string; durations: string[] }[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const str = (s: string) => `'${s.replace(/'/g, "''")}'`;
const NO_USERS = '[]::VARCHAR[]';
const U = q('__u');
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

export function translateToDuckDb(input: TranslateInput): Translation {
  const printer = new Printer(input);
  const sql = printer.query(input.ast, true, true);
  return { sql, tables: [...printer.tables], extended: printer.extended };
}

class Printer {
  readonly tables = new Set<string>();
  readonly extended: Translation['extended'] = [];
  private readonly a: Analysis;
  private counter = 0;

  constructor(private readonly input: TranslateInput) {
    this.a = input.analysis;
  }

  private fresh(prefix: string): string {
    return `__${prefix}${this.counter++}`;
  }

  /** `instrument`: the query yields a relation and needs `__u`; `final`: it is the workflow's output. */
  query(query: Query, instrument: boolean, final = false): string {
    const ctes = query.ctes.map((c) => {
      const cols = c.columns ? `(${c.columns.map((x) => q(x.name)).join(', ')})` : '';
      return `${q(c.name.name)}${cols} AS (${this.query(c.query, true)})`;
    });
    const body = this.body(query.body, instrument, final);
    return ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n${body}` : body;
  }

  private body(b: QueryBody, instrument: boolean, final: boolean): string {
    switch (b.kind) {
      case 'select':
        return this.select(b, instrument, final);
      case 'values':
        return instrument
          ? `SELECT *, ${NO_USERS} AS ${U} FROM (${this.values(b)}) AS ${q(this.fresh('v'))}`
          : this.values(b);
      case 'nested':
        return `SELECT * FROM (${this.query(b.query, instrument, final)}) AS ${q(this.fresh('n'))}`;
      case 'setop': {
        const left = this.body(b.left, instrument, final);
        const right = this.body(b.right, instrument, final);
        if (!instrument) return `(${left}) ${b.op}${b.all ? ' ALL' : ''} (${right})`;
        if (b.op === 'UNION') {
          const all = `(${left}) UNION ALL (${right})`;
          return b.all ? all : this.mergeDistinct(all);
        }
        return this.intersectOrExcept(b.op, b.all, left, right, b.left);
      }
    }
  }

  private values(v: ValuesBody): string {
    return `VALUES ${v.rows.map((r) => `(${r.map((e) => this.expr(e)).join(', ')})`).join(', ')}`;
  }

  private merged(list: string): string {
    return `list_slice(list_distinct(flatten(list(${list}))), 1, ${this.input.userCap})`;
  }

  /** Rows equal in every column become one, with the union of their users. */
  private mergeDistinct(relation: string): string {
    return `SELECT * EXCLUDE (${U}), ${this.merged(U)} AS ${U} FROM (${relation}) AS ${q(this.fresh('d'))} GROUP BY ALL`;
  }

  /** INTERSECT / EXCEPT compare only the data columns; the left rows keep their users. */
  private intersectOrExcept(
    op: 'INTERSECT' | 'EXCEPT',
    all: boolean,
    left: string,
    right: string,
    leftBody: QueryBody,
  ): string {
    const rel = this.a.bodies.get(leftBody);
    if (!rel || rel.open) throw new SandboxUnsupported(`${op} over a relation whose columns are not catalogued`);
    const cols = rel.columns.map((_, i) => `__c${i}`);
    const l = q(this.fresh('l'));
    const r = q(this.fresh('r'));
    const aliasList = `(${[...cols, '__u'].map(q).join(', ')})`;
    const match = cols.map((c) => `${r}.${q(c)} IS NOT DISTINCT FROM ${l}.${q(c)}`).join(' AND ');
    const select = rel.columns.map((c, i) => `${l}.${q(cols[i]!)} AS ${q(c.name)}`).join(', ');
    const sql = `SELECT ${select}, ${l}.${U} FROM (${left}) AS ${l}${aliasList} WHERE ${op === 'EXCEPT' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM (${right}) AS ${r}${aliasList} WHERE ${match || 'TRUE'})`;
    return all ? sql : this.mergeDistinct(sql);
  }

  private select(s: Select, instrument: boolean, final: boolean): string {
    const items = s.items.map((item, i) => this.item(item, i, final));
    const from = s.from.map((f) => this.from(f)).join(', ');
    if (instrument) {
      const sources = s.from.flatMap((f) => this.lineageSources(f));
      const parts = sources.map((alias) => `coalesce(${q(alias)}.${U}, ${NO_USERS})`);
      const rowUsers = parts.length === 0 ? NO_USERS : parts.reduce((x, y) => `list_concat(${x}, ${y})`);
      items.push(`${this.a.aggregating.has(s) ? this.merged(rowUsers) : rowUsers} AS ${U}`);
    }
    let sql = `SELECT ${s.distinct && !instrument ? 'DISTINCT ' : ''}${items.join(', ')}`;
    if (from) sql += `\nFROM ${from}`;
    if (s.where) sql += `\nWHERE ${this.expr(s.where)}`;
    if (s.groupByAll) sql += '\nGROUP BY ALL';
    else if (s.groupBy.length > 0) sql += `\nGROUP BY ${s.groupBy.map((g) => this.grouping(g)).join(', ')}`;
    if (s.having) sql += `\nHAVING ${this.expr(s.having)}`;
    if (s.windows.length > 0)
      sql += `\nWINDOW ${s.windows.map((w) => `${q(w.name.name)} AS ${this.windowSpec(w.spec)}`).join(', ')}`;
    if (s.qualify) sql += `\nQUALIFY ${this.expr(s.qualify)}`;
    return s.distinct && instrument ? this.mergeDistinct(sql) : sql;
  }

  private item(item: SelectItem, index: number, final: boolean): string {
    const e = item.expr;
    if (e.kind === 'star') return `${e.qualifier ? `${q(e.qualifier.name)}.` : ''}* EXCLUDE (${U})`;
    const sql = this.expr(e);
    if (final) return `${sql} AS ${q(this.a.output[index]?.name ?? `_c${index}`)}`;
    return item.alias ? `${sql} AS ${q(item.alias.name)}` : sql;
  }

  private grouping(g: GroupingElement): string {
    if (g.kind === 'expr') {
      const position = this.a.groupByAlias.get(g.expr);
      return position !== undefined ? String(position) : this.expr(g.expr);
    }
    const sets = g.sets.map((set) =>
      set.length === 1 ? this.expr(set[0]!) : `(${set.map((e) => this.expr(e)).join(', ')})`,
    );
    const word = g.kind === 'rollup' ? 'ROLLUP' : g.kind === 'cube' ? 'CUBE' : 'GROUPING SETS';
    return `${word} (${sets.join(', ')})`;
  }

  /** The aliases whose `__u` a SELECT over this FROM item combines (the right side of SEMI/ANTI joins adds none). */
  private lineageSources(f: FromItem): string[] {
    switch (f.kind) {
      case 'table':
        return [(f.alias ?? f.name).name];
      case 'extended':
        return [(f.alias ?? f.table).name];
      case 'derived':
      case 'values_table':
        return [f.alias?.name ?? this.a.generatedAliases.get(f)!];
      case 'join':
        return [
          ...this.lineageSources(f.left),
          ...(f.type === 'SEMI' || f.type === 'ANTI' ? [] : this.lineageSources(f.right)),
        ];
    }
  }

  private aliasClause(alias: Ident | undefined, generated: string | undefined, columns?: Ident[]): string {
    const name = alias?.name ?? generated;
    if (!name) return '';
    return ` AS ${q(name)}${columns ? `(${columns.map((c) => q(c.name)).join(', ')})` : ''}`;
  }

  private from(f: FromItem): string {
    switch (f.kind) {
      case 'table': {
        if (this.a.baseTables.has(f)) this.tables.add(f.name.name.toLowerCase());
        return `${q(f.name.name)}${this.aliasClause(f.alias, undefined, f.columnAliases)}`;
      }
      case 'extended': {
        const ident = `__ext_${this.extended.length}`;
        this.extended.push({ ident, table: f.table.name.toLowerCase(), durations: f.durations.map((d) => d.value) });
        return `${q(ident)}${this.aliasClause(f.alias, f.table.name, f.columnAliases)}`;
      }
      case 'derived':
        return `${f.lateral ? 'LATERAL ' : ''}(${this.query(f.query, true)})${this.aliasClause(f.alias, this.a.generatedAliases.get(f), f.columnAliases)}`;
      case 'values_table':
        return `(SELECT *, ${NO_USERS} AS ${U} FROM (${this.values(f.values)}) AS ${q(this.fresh('v'))})${this.aliasClause(f.alias, this.a.generatedAliases.get(f), f.columnAliases)}`;
      case 'join': {
        if (f.natural) throw new SandboxUnsupported('NATURAL JOIN');
        const right = f.right.kind === 'join' ? `(${this.from(f.right)})` : this.from(f.right);
        const type = f.type === 'INNER' && !f.on && !f.using ? 'CROSS' : f.type;
        let sql = `${this.from(f.left)}\n${type === 'FULL' ? 'FULL OUTER' : type} JOIN ${right}`;
        if (f.on) sql += ` ON ${this.expr(f.on)}`;
        if (f.using) sql += ` USING (${f.using.map((u) => q(u.name)).join(', ')})`;
        return sql;
      }
    }
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
        return `(${this.expr(e.value)} ${e.not ? 'NOT ' : ''}IN (${this.query(e.query, false)}))`;
      case 'exists':
        return `(EXISTS (${this.query(e.query, false)}))`;
      case 'subquery':
        return `(${this.query(e.query, false)})`;
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

  private windowSpec(w: WindowSpec): string {
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
