/**
 * Semantic analysis of a parsed AMC query: resolves every table and column against the catalog (unknown ones
 * are compile errors, with the replacement for retired tables), types every expression, tracks which output
 * columns carry a VERY_HIGH column's values, collects parameters, and records what the sandbox's translator needs
 * (generated aliases, which SELECTs aggregate, lateral-alias references).
 */
import type {
  ColumnExpr,
  Expr,
  FromItem,
  FunctionExpr,
  Query,
  QueryBody,
  Select,
  SelectItem,
  StarExpr,
  ValuesBody,
} from './ast';
import type { SqlCatalog } from './catalog';
import { SqlRefusal } from './errors';
import { functionDef, functionType } from './functions';
import type { Analysis, ExprInfo, Resolution } from './analysis';
import { checkGrouping } from './grouping';
import { containsAggregate } from './walk';
import { Env, Scope, column, renameColumns, type ColumnInfo, type Relation, type Source } from './scope';
import { UNKNOWN, arithmeticType, castTarget, commonType, elementType, isArray, type SqlType } from './types';

export interface AnalyzeOptions {
  catalog: SqlCatalog;
  /** Declared parameter types (AMC dataType spelling), used to type CUSTOM_PARAMETER('x'). */
  parameterTypes: Map<string, SqlType>;
}

interface Ctx {
  scope: Scope;
  env: Env;
  /** Select items whose aliases may be referenced (lateral aliases, GROUP BY / HAVING aliases). */
  items?: SelectItem[];
  /** GROUP BY context: integer literals are positions in the select list. */
  groupBy?: boolean;
  /** The select item being typed (its own alias is not visible to it). */
  current?: SelectItem;
  /** HAVING: a select alias wins over a source column of the same name (`SUM(x) AS x … HAVING x > 10`). */
  aliasFirst?: boolean;
}

export function analyze(query: Query, options: AnalyzeOptions): Analysis {
  return new Analyzer(options).run(query);
}

class Analyzer {
  private readonly a: Analysis = {
    output: [],
    outputItems: [],
    outputOpen: false,
    tables: new Set(),
    extended: [],
    customParameters: [],
    builtInParameters: [],
    exprs: new Map(),
    columns: new Map(),
    stars: new Map(),
    generatedAliases: new Map(),
    aggregating: new Set(),
    baseTables: new Set(),
    bodies: new Map(),
    groupByAlias: new Map(),
    hasAggregation: false,
    hasUnknownFunction: false,
    audience: false,
  };
  private readonly resolving = new Set<SelectItem>();
  private generated = 0;

  constructor(private readonly options: AnalyzeOptions) {}

  run(query: Query): Analysis {
    const rel = this.query(query, new Env(), undefined);
    this.a.output = rel.columns.map((c) => ({ ...c, name: outputName(c.name) }));
    this.a.outputOpen = rel.open;
    this.a.outputItems = firstSelectOf(query.body)?.items.flatMap((item) => this.itemColumns(item)) ?? [];
    return this.a;
  }

  /** One entry per output column an item yields (a star yields one per expanded column). */
  private itemColumns(item: SelectItem): (SelectItem | undefined)[] {
    if (item.expr.kind !== 'star') return [item];
    const sources = this.a.stars.get(item.expr) ?? [];
    return sources.flatMap((s) => s.relation.columns.map(() => item));
  }

  private query(q: Query, env: Env, outer: Scope | undefined): Relation {
    const local = env.child();
    for (const cte of q.ctes) {
      let rel = this.query(cte.query, local, undefined);
      if (cte.columns) {
        if (!rel.open && cte.columns.length !== rel.columns.length) {
          throw new SqlRefusal(
            cte.name.start,
            cte.name.end - cte.name.start,
            `Number of columns in the column list of '${cte.name.name}' (${cte.columns.length}) does not match its query (${rel.columns.length})`,
          );
        }
        rel = renameColumns(
          rel,
          cte.columns.map((c) => c.name),
        );
      }
      local.define(cte.name.name, rel);
    }
    return this.body(q.body, local, outer);
  }

  private body(b: QueryBody, env: Env, outer: Scope | undefined): Relation {
    const rel = this.bodyRelation(b, env, outer);
    this.a.bodies.set(b, rel);
    return rel;
  }

  private bodyRelation(b: QueryBody, env: Env, outer: Scope | undefined): Relation {
    switch (b.kind) {
      case 'select':
        return this.select(b, env, outer);
      case 'values':
        return this.values(b, env, outer);
      case 'nested':
        return this.query(b.query, env, outer);
      case 'setop': {
        const left = this.body(b.left, env, outer);
        const right = this.body(b.right, env, outer);
        if (!left.open && !right.open && left.columns.length !== right.columns.length) {
          throw new SqlRefusal(
            b.right.start,
            6,
            `Column count mismatch in ${b.op}: ${left.columns.length} vs ${right.columns.length}`,
          );
        }
        return {
          open: left.open || right.open,
          columns: left.columns.map((c, i) => {
            const r = right.columns[i];
            return r
              ? {
                  name: c.name,
                  type: commonType([c.type, r.type]),
                  metric: c.metric || r.metric,
                  exposes: c.exposes ?? r.exposes,
                }
              : c;
          }),
        };
      }
    }
  }

  private values(v: ValuesBody, env: Env, outer: Scope | undefined): Relation {
    const ctx: Ctx = { scope: new Scope(outer), env };
    const width = Math.max(...v.rows.map((r) => r.length));
    const columns: ColumnInfo[] = [];
    for (let i = 0; i < width; i++) {
      const types = v.rows.map((r) => (r[i] ? this.expr(r[i]!, ctx).type : 'NULL'));
      columns.push({ name: `col${i}`, type: commonType(types), metric: false });
    }
    return { columns, open: false };
  }

  private select(sel: Select, env: Env, outer: Scope | undefined): Relation {
    const scope = new Scope(outer);
    for (const f of sel.from) this.from(f, scope, env);
    const ctx: Ctx = { scope, env, items: sel.items };
    if (sel.where) this.expr(sel.where, ctx);
    const columns: ColumnInfo[] = [];
    let open = false;
    sel.items.forEach((item, i) => {
      if (item.expr.kind === 'star') {
        const sources = this.expandStar(item.expr, scope);
        for (const s of sources) {
          columns.push(...s.relation.columns);
          open ||= s.relation.open;
        }
        return;
      }
      const info = this.expr(item.expr, { ...ctx, current: item });
      const res = item.expr.kind === 'column' ? this.a.columns.get(item.expr) : undefined;
      const base = res?.kind === 'column' && res.fields === 0 ? res.column.base : undefined;
      columns.push({ name: itemName(item, i), type: info.type, metric: info.metric, exposes: info.exposes, base });
    });
    for (const g of sel.groupBy) {
      const exprs = g.kind === 'expr' ? [g.expr] : g.sets.flat();
      for (const e of exprs) this.groupKey(e, sel, { scope, env, items: sel.items, groupBy: true });
    }
    if (sel.having) this.expr(sel.having, { ...ctx, aliasFirst: true });
    for (const w of sel.windows) {
      for (const e of w.spec.partitionBy) this.expr(e, ctx);
      for (const o of w.spec.orderBy) this.expr(o.expr, ctx);
    }
    if (sel.qualify) this.expr(sel.qualify, ctx);
    const aggregating =
      sel.groupBy.length > 0 ||
      sel.groupByAll ||
      sel.items.some((i) => containsAggregate(i.expr)) ||
      (sel.having !== undefined && containsAggregate(sel.having));
    if (aggregating) this.a.aggregating.add(sel);
    if (aggregating || sel.distinct) this.a.hasAggregation = true;
    if (aggregating && !sel.groupByAll) checkGrouping(sel, this.a);
    return { columns, open };
  }

  /** A GROUP BY element: a position (`GROUP BY 1`), a select alias, or an expression over the FROM sources. */
  private groupKey(e: Expr, sel: Select, ctx: Ctx): void {
    if (e.kind === 'literal' && e.type === 'number' && /^\d+$/.test(e.value)) {
      const n = Number(e.value);
      if (n < 1 || n > sel.items.length) {
        throw new SqlRefusal(
          e.start,
          e.end - e.start,
          `Ordinal out of range: GROUP BY ${n} but the select list has ${sel.items.length} items`,
        );
      }
      this.a.exprs.set(e, { type: 'INTEGER', metric: false });
      return;
    }
    if (e.kind === 'column' && e.parts.length === 1 && ctx.scope.withColumn(e.parts[0]!.name).length === 0) {
      const index = sel.items.findIndex((i) => i.alias && sameIdent(i.alias.name, e.parts[0]!.name));
      if (index >= 0) {
        this.a.groupByAlias.set(e, index + 1);
        this.a.columns.set(e, { kind: 'alias', item: sel.items[index]!, index });
        this.a.exprs.set(e, this.expr(sel.items[index]!.expr, ctx));
        return;
      }
    }
    this.expr(e, { ...ctx, items: undefined });
  }

  private expandStar(star: StarExpr, scope: Scope): Source[] {
    let sources: Source[];
    if (star.qualifier) {
      const s = scope.source(star.qualifier.name);
      if (!s) throw notFound(star.qualifier.start, star.qualifier.end, `Table '${star.qualifier.name}' not found`);
      sources = [s];
    } else {
      sources = scope.sources.filter((s) => !s.hidden);
    }
    this.a.stars.set(star, sources);
    return sources;
  }

  private from(f: FromItem, scope: Scope, env: Env): void {
    switch (f.kind) {
      case 'table': {
        const cte = f.schema ? undefined : env.cte(f.name.name);
        if (cte) {
          scope.add({ alias: (f.alias ?? f.name).name, relation: this.aliasColumns(cte, f.columnAliases) });
          return;
        }
        const relation = this.catalogRelation(f.name.name, f.name.start, f.name.end);
        this.a.baseTables.add(f);
        scope.add({
          alias: (f.alias ?? f.name).name,
          relation: this.aliasColumns(relation, f.columnAliases),
          table: f.name.name.toLowerCase(),
        });
        return;
      }
      case 'extended': {
        const relation = this.catalogRelation(f.table.name, f.table.start, f.table.end);
        for (const d of f.durations) {
          if (!ISO_DURATION.test(d.value)) {
            throw new SqlRefusal(
              d.start,
              d.end - d.start,
              `EXTEND_TIME_WINDOW durations are ISO-8601 durations such as 'P14D' or 'PT12H', not '${d.value}'`,
            );
          }
        }
        this.a.extended.push(f);
        scope.add({
          alias: (f.alias ?? f.table).name,
          relation: this.aliasColumns(relation, f.columnAliases),
          table: f.table.name.toLowerCase(),
        });
        return;
      }
      case 'derived': {
        const relation = this.query(f.query, env, f.lateral ? scope : undefined);
        scope.add({ alias: this.aliasOf(f, f.alias?.name), relation: this.aliasColumns(relation, f.columnAliases) });
        return;
      }
      case 'values_table': {
        const relation = this.values(f.values, env, undefined);
        scope.add({ alias: this.aliasOf(f, f.alias?.name), relation: this.aliasColumns(relation, f.columnAliases) });
        return;
      }
      case 'join': {
        this.from(f.left, scope, env);
        const before = scope.sources.length;
        this.from(f.right, scope, env);
        if (f.on) this.expr(f.on, { scope, env });
        for (const u of f.using ?? []) {
          if (scope.withColumn(u.name).length < 2 && !scope.open)
            throw notFound(u.start, u.end, `Column '${u.name}' not found in both sides of the USING join`);
          scope.using.add(u.name.toLowerCase());
        }
        if (f.type === 'SEMI' || f.type === 'ANTI') for (const s of scope.sources.slice(before)) s.hidden = true;
        return;
      }
    }
  }

  private aliasOf(f: FromItem, alias: string | undefined): string {
    if (alias) return alias;
    const name = `__dt${this.generated++}`;
    this.a.generatedAliases.set(f, name);
    return name;
  }

  private aliasColumns(relation: Relation, aliases: { name: string }[] | undefined): Relation {
    return aliases
      ? renameColumns(
          relation,
          aliases.map((a) => a.name),
        )
      : relation;
  }

  private catalogRelation(name: string, start: number, end: number): Relation {
    const table = this.options.catalog.table(name);
    if (!table) {
      const hint = this.options.catalog.retiredHint(name);
      throw notFound(start, end, `Object '${name}' not found${hint ? ` (${hint})` : ''}`);
    }
    const lower = table.name.toLowerCase();
    this.a.tables.add(lower);
    if (lower.endsWith('_for_audiences')) this.a.audience = true;
    const columns: ColumnInfo[] = [...table.columns.values()].map((c) => ({
      name: c.name,
      type: c.type,
      metric: false,
      exposes: c.threshold === 'VERY_HIGH' ? c.name : undefined,
      base: { table: lower, column: c.name, threshold: c.threshold },
    }));
    return { columns, open: !table.complete };
  }

  expr(e: Expr, ctx: Ctx): ExprInfo {
    const known = this.a.exprs.get(e);
    if (known) return known;
    const info = this.compute(e, ctx);
    this.a.exprs.set(e, info);
    return info;
  }

  private compute(e: Expr, ctx: Ctx): ExprInfo {
    const plain = (type: SqlType, ...parts: (Expr | undefined)[]): ExprInfo => {
      const infos = parts.filter((p): p is Expr => p !== undefined).map((p) => this.expr(p, ctx));
      return { type, metric: infos.some((i) => i.metric) };
    };
    const carrying = (type: SqlType, ...parts: (Expr | undefined)[]): ExprInfo => {
      const infos = parts.filter((p): p is Expr => p !== undefined).map((p) => this.expr(p, ctx));
      return { type, metric: infos.some((i) => i.metric), exposes: infos.find((i) => i.exposes)?.exposes };
    };
    switch (e.kind) {
      case 'literal':
        return { type: literalType(e.type, e.value), metric: false };
      case 'typed_literal':
        return { type: e.dataType === 'DATE' ? 'DATE' : 'TIMESTAMP', metric: false };
      case 'interval':
        return plain('INTERVAL', e.value);
      case 'column':
        return this.column(e, ctx);
      case 'star':
        return { type: UNKNOWN, metric: false };
      case 'function':
        return this.call(e, ctx);
      case 'unary':
        return e.op === 'NOT' ? plain('BOOLEAN', e.operand) : carrying(this.expr(e.operand, ctx).type, e.operand);
      case 'binary': {
        const l = this.expr(e.left, ctx);
        const r = this.expr(e.right, ctx);
        const metric = l.metric || r.metric;
        const exposes = l.exposes ?? r.exposes;
        switch (e.op) {
          case 'AND':
          case 'OR':
          case '=':
          case '<>':
          case '<':
          case '<=':
          case '>':
          case '>=':
          case '<=>':
            return { type: 'BOOLEAN', metric };
          case '||':
            return { type: 'STRING', metric, exposes };
          case '/':
            return {
              type: l.type.startsWith('DECIMAL') && r.type.startsWith('DECIMAL') ? l.type : 'DOUBLE',
              metric,
              exposes,
            };
          case 'DIV':
            return { type: 'LONG', metric, exposes };
          default:
            return { type: arithmeticType(l.type, r.type), metric, exposes };
        }
      }
      case 'match':
        return plain('BOOLEAN', e.value, e.pattern, e.escape);
      case 'is':
        return plain('BOOLEAN', e.value, e.other);
      case 'between':
        return plain('BOOLEAN', e.value, e.low, e.high);
      case 'in_list':
        return plain('BOOLEAN', e.value, ...e.list);
      case 'in_query':
        this.query(e.query, ctx.env, ctx.scope);
        return plain('BOOLEAN', e.value);
      case 'exists':
        this.query(e.query, ctx.env, ctx.scope);
        return { type: 'BOOLEAN', metric: false };
      case 'subquery': {
        const rel = this.query(e.query, ctx.env, ctx.scope);
        const c = rel.columns[0];
        return { type: c?.type ?? UNKNOWN, metric: c?.metric ?? false, exposes: c?.exposes };
      }
      case 'case': {
        if (e.operand) this.expr(e.operand, ctx);
        for (const w of e.whens) this.expr(w.when, ctx);
        const results = [...e.whens.map((w) => w.then), ...(e.else ? [e.else] : [])];
        const info = carrying(UNKNOWN, ...results);
        return { ...info, type: commonType(results.map((r) => this.expr(r, ctx).type)) };
      }
      case 'cast':
        return carrying(castTarget(e.to), e.expr);
      case 'extract':
        return plain('INTEGER', e.expr);
      case 'array': {
        const info = carrying(UNKNOWN, ...e.elements);
        return { ...info, type: `ARRAY<${commonType(e.elements.map((x) => this.expr(x, ctx).type))}>` };
      }
      case 'row':
        return carrying('STRUCT', ...e.elements);
      case 'subscript': {
        const info = carrying(UNKNOWN, e.expr, e.index);
        const t = this.expr(e.expr, ctx).type;
        return { ...info, type: isArray(t) ? elementType(t) : UNKNOWN };
      }
      case 'field':
        return carrying(UNKNOWN, e.expr);
    }
  }

  private call(e: FunctionExpr, ctx: Ctx): ExprInfo {
    const name = e.name.name.toUpperCase();
    if (name === 'CUSTOM_PARAMETER' || name === 'BUILT_IN_PARAMETER') return this.parameter(e, name);
    const def = functionDef(name);
    if (!def) this.a.hasUnknownFunction = true;
    // Inside an aggregate, a name is a column of the rows being aggregated, never the alias of an aggregate.
    const argCtx = def?.kind === 'aggregate' && !e.over ? { ...ctx, aliasFirst: false } : ctx;
    const args = e.args.map((a) => this.expr(a, argCtx));
    if (e.filter) this.expr(e.filter, argCtx);
    for (const o of e.orderBy ?? []) this.expr(o.expr, ctx);
    if (e.over) {
      for (const p of e.over.partitionBy) this.expr(p, ctx);
      for (const o of e.over.orderBy) this.expr(o.expr, ctx);
      if (e.over.frame) for (const b of [e.over.frame.start, e.over.frame.end]) if (b?.offset) this.expr(b.offset, ctx);
    }
    const metric = def?.kind === 'aggregate' || args.some((a) => a.metric);
    const exposes = def?.counts ? undefined : args.find((a) => a.exposes)?.exposes;
    return {
      type: functionType(
        e,
        args.map((a) => a.type),
      ),
      metric,
      exposes,
    };
  }

  private parameter(e: FunctionExpr, name: string): ExprInfo {
    const arg = e.args[0];
    if (e.args.length !== 1 || arg?.kind !== 'literal' || arg.type !== 'string') {
      throw new SqlRefusal(
        e.start,
        e.end - e.start,
        `${name} takes the parameter's name as one string literal, e.g. ${name}('campaigns')`,
      );
    }
    const use = { name: arg.value, start: e.start, end: e.end };
    if (name === 'BUILT_IN_PARAMETER') {
      this.a.builtInParameters.push(use);
      return { type: 'TIMESTAMP', metric: false };
    }
    this.a.customParameters.push(use);
    return { type: this.options.parameterTypes.get(arg.value) ?? UNKNOWN, metric: false };
  }

  private column(e: ColumnExpr, ctx: Ctx): ExprInfo {
    const res = this.resolve(e, ctx);
    this.a.columns.set(e, res);
    switch (res.kind) {
      case 'column':
        return {
          type: res.fields > 0 ? UNKNOWN : res.column.type,
          metric: res.column.metric,
          exposes: res.column.exposes,
        };
      case 'alias': {
        if (this.resolving.has(res.item))
          throw notFound(e.start, e.end, `Column '${e.parts[0]!.name}' refers to itself`);
        this.resolving.add(res.item);
        try {
          return this.expr(res.item.expr, ctx);
        } finally {
          this.resolving.delete(res.item);
        }
      }
      case 'open':
        return { type: UNKNOWN, metric: false };
    }
  }

  private resolve(e: ColumnExpr, ctx: Ctx): Resolution {
    const [head, second] = e.parts;
    if (second) {
      for (let s: Scope | undefined = ctx.scope, outer = false; s; s = s.parent, outer = true) {
        const source = s.source(head!.name);
        if (!source) continue;
        const col = column(source.relation, second.name);
        if (col) return { kind: 'column', source, column: col, outer, fields: e.parts.length - 2 };
        if (source.relation.open) return { kind: 'open' };
        throw notFound(second.start, second.end, `Column '${second.name}' not found in table '${head!.name}'`);
      }
    }
    const alias = (): Resolution | undefined => {
      if (!ctx.items || e.parts.length !== 1) return undefined;
      const index = ctx.items.findIndex((i) => i !== ctx.current && i.alias && sameIdent(i.alias.name, head!.name));
      return index >= 0 ? { kind: 'alias', item: ctx.items[index]!, index } : undefined;
    };
    if (ctx.aliasFirst) {
      const first = alias();
      if (first) return first;
    }
    for (let s: Scope | undefined = ctx.scope, outer = false; s; s = s.parent, outer = true) {
      const matches = s.withColumn(head!.name);
      if (matches.length > 1 && !s.using.has(head!.name.toLowerCase())) {
        throw new SqlRefusal(
          head!.start,
          head!.end - head!.start,
          `Column '${head!.name}' is ambiguous: it is in ${matches.map((m) => `'${m.source.alias}'`).join(' and ')}`,
        );
      }
      if (matches.length >= 1) {
        const { source, column: col } = matches[0]!;
        return { kind: 'column', source, column: col, outer, fields: e.parts.length - 1 };
      }
      const lateral = outer ? undefined : alias();
      if (lateral) return lateral;
      if (s.open) return { kind: 'open' };
    }
    if (second) throw notFound(head!.start, head!.end, `Table '${head!.name}' not found`);
    throw notFound(head!.start, head!.end, `Column '${head!.name}' not found in any table`);
  }
}

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/i;

function notFound(start: number, end: number, message: string): SqlRefusal {
  return new SqlRefusal(start, Math.max(1, end - start), message);
}

function sameIdent(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function literalType(type: string, value: string): SqlType {
  switch (type) {
    case 'string':
      return 'STRING';
    case 'boolean':
      return 'BOOLEAN';
    case 'null':
      return 'NULL';
    default:
      if (/^\d+$/.test(value)) return Number(value) > 2_147_483_647 ? 'LONG' : 'INTEGER';
      return 'DOUBLE';
  }
}

/** The name AMC gives a select item: its alias, else the column name, else `_c<position>` [inferred]. */
function itemName(item: SelectItem, index: number): string {
  if (item.alias) return item.alias.name;
  if (item.expr.kind === 'column') return item.expr.parts[item.expr.parts.length - 1]!.name;
  return `_c${index}`;
}

/**
 * AMC reports output columns in lower case (Amazon's published example results show `stddev_pop_click_cost` for
 * the alias `STDDEV_POP_click_cost`).
 */
function outputName(name: string): string {
  return name.toLowerCase();
}

function firstSelectOf(b: QueryBody): Select | undefined {
  switch (b.kind) {
    case 'select':
      return b;
    case 'setop':
      return firstSelectOf(b.left);
    case 'nested':
      return firstSelectOf(b.query.body);
    default:
      return undefined;
  }
}
