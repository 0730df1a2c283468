/**
 * Types expressions and resolves column references for analyze.ts: a column is looked up in the FROM sources of
 * its SELECT, then in a select-list alias (lateral, or first in HAVING), then in outer queries (correlation);
 * every expression gets its AMC type, whether it is a metric, and which VERY_HIGH column's values it carries.
 */
import type { Analysis, AnalyzeOptions, ExprInfo, Resolution } from './analysis';
import { sameName, type ColumnExpr, type Expr, type FunctionExpr, type Query, type SelectItem } from './ast';
import { SqlRefusal } from './errors';
import { functionDef, functionType } from './functions';
import { column, type Env, type Relation, type Scope } from './scope';
import { UNKNOWN, arithmeticType, castTarget, commonType, elementType, isArray, type SqlType } from './types';

export interface Ctx {
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

export class ExprAnalyzer {
  private readonly resolving = new Set<SelectItem>();

  constructor(
    private readonly a: Analysis,
    private readonly options: AnalyzeOptions,
    /** Analyzes a subquery (scalar, IN, EXISTS) with `outer` as its enclosing scope. */
    private readonly query: (q: Query, env: Env, outer: Scope | undefined) => Relation,
  ) {}

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
      const index = ctx.items.findIndex((i) => i !== ctx.current && i.alias && sameName(i.alias.name, head!.name));
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

export function notFound(start: number, end: number, message: string): SqlRefusal {
  return new SqlRefusal(start, Math.max(1, end - start), message);
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
