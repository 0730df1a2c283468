/**
 * Semantic analysis of a parsed AMC query: resolves every table and column against the catalog (unknown ones
 * are compile errors, with the replacement for retired tables), types every expression, tracks which output
 * columns carry a VERY_HIGH column's values, collects parameters, and records what the sandbox's translator needs
 * (generated aliases, which SELECTs aggregate, lateral-alias references).
 */
import type { Analysis, AnalyzeOptions } from './analysis';
import { ExprAnalyzer, notFound, type Ctx } from './analyze-expr';
import {
  sameName,
  type Expr,
  type FromItem,
  type Query,
  type QueryBody,
  type Select,
  type SelectItem,
  type StarExpr,
  type ValuesBody,
} from './ast';
import { SqlRefusal } from './errors';
import { checkGrouping } from './grouping';
import { Env, Scope, renameColumns, type ColumnInfo, type Relation, type Source } from './scope';
import { commonType } from './types';
import { containsAggregate } from './walk';

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
  private generated = 0;

  private readonly x: ExprAnalyzer;

  constructor(private readonly options: AnalyzeOptions) {
    this.x = new ExprAnalyzer(this.a, options, (q, env, outer) => this.query(q, env, outer));
  }

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
      const types = v.rows.map((r) => (r[i] ? this.x.expr(r[i]!, ctx).type : 'NULL'));
      columns.push({ name: `col${i}`, type: commonType(types), metric: false });
    }
    return { columns, open: false };
  }

  private select(sel: Select, env: Env, outer: Scope | undefined): Relation {
    const scope = new Scope(outer);
    for (const f of sel.from) this.from(f, scope, env);
    const ctx: Ctx = { scope, env, items: sel.items };
    if (sel.where) this.x.expr(sel.where, ctx);
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
      const info = this.x.expr(item.expr, { ...ctx, current: item });
      const res = item.expr.kind === 'column' ? this.a.columns.get(item.expr) : undefined;
      const base = res?.kind === 'column' && res.fields === 0 ? res.column.base : undefined;
      columns.push({ name: itemName(item, i), type: info.type, metric: info.metric, exposes: info.exposes, base });
    });
    for (const g of sel.groupBy) {
      const exprs = g.kind === 'expr' ? [g.expr] : g.sets.flat();
      for (const e of exprs) this.groupKey(e, sel, { scope, env, items: sel.items, groupBy: true });
    }
    if (sel.having) this.x.expr(sel.having, { ...ctx, aliasFirst: true });
    for (const w of sel.windows) {
      for (const e of w.spec.partitionBy) this.x.expr(e, ctx);
      for (const o of w.spec.orderBy) this.x.expr(o.expr, ctx);
    }
    if (sel.qualify) this.x.expr(sel.qualify, ctx);
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
      const index = sel.items.findIndex((i) => i.alias && sameName(i.alias.name, e.parts[0]!.name));
      if (index >= 0) {
        this.a.groupByAlias.set(e, index + 1);
        this.a.columns.set(e, { kind: 'alias', item: sel.items[index]!, index });
        this.a.exprs.set(e, this.x.expr(sel.items[index]!.expr, ctx));
        return;
      }
    }
    this.x.expr(e, { ...ctx, items: undefined });
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
        if (f.on) this.x.expr(f.on, { scope, env });
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
}

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/i;

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
