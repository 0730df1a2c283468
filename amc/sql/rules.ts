/**
 * AMC's documented refusals, checked after analysis so each message can cite its rule (errors.ts AMC_RULES):
 * LIMIT / FETCH, ORDER BY outside OVER, RIGHT JOIN, GETDATE(), a query without any aggregation, SELECT * of a
 * table in the output, a VERY_HIGH column's values in the output (except user_id in an audience query), and
 * literal filters on HIGH / VERY_HIGH columns.
 */
import type { Analysis } from './analysis';
import type { Expr, FromItem, Query, QueryBody, Select, Span } from './ast';
import { AMC_RULES, SqlRefusal, type AmcRule } from './errors';
import { childExprs } from './walk';

export function checkAmcRules(query: Query, a: Analysis): void {
  const queries: Query[] = [];
  const selects: Select[] = [];
  const exprs: Expr[] = [];
  collect(query, queries, selects, exprs);

  for (const q of queries) {
    // In the order they are written: ORDER BY comes before LIMIT.
    if (q.orderBySpan)
      refuse(q.orderBySpan, 'ORDER BY is only supported inside a window function OVER (...) clause', 'orderBy');
    if (q.limit) refuse(q.limit.span, 'LIMIT is not supported in AMC queries', 'limit');
  }
  for (const s of selects) for (const f of s.from) checkJoins(f);
  for (const e of exprs) {
    if (e.kind === 'function' && e.name.name.toUpperCase() === 'GETDATE')
      refuse(e, 'GETDATE() is not supported in AMC queries', 'getDate');
    checkLiteralFilter(e, a);
  }
  if (!a.hasAggregation && !a.hasUnknownFunction && !a.audience) {
    refuse(
      firstKeyword(query.body),
      'Query must contain at least one aggregation (an aggregate function, GROUP BY or DISTINCT); event-level output is not allowed',
      'aggregation',
    );
  }
  for (const s of finalSelects(query.body)) {
    for (const item of s.items) {
      if (item.expr.kind !== 'star' || a.audience) continue;
      const table = a.stars.get(item.expr)?.find((src) => src.table !== undefined);
      if (table) refuse(item.expr, `SELECT * of table ${table.table} cannot be output`, 'selectStar');
    }
  }
  a.output.forEach((c, i) => {
    if (!c.exposes) return;
    if (a.audience && c.exposes.toLowerCase() === 'user_id') return;
    const item = a.outputItems[i];
    refuse(
      item ?? query.body,
      `column ${c.exposes} has aggregation threshold VERY_HIGH and cannot appear in query output (output column '${c.name}')`,
      'veryHigh',
    );
  });
  if (a.audience && !a.output.some((c) => c.name === 'user_id')) {
    refuse(
      firstKeyword(query.body),
      'An audience query (reading *_for_audiences tables) must select user_id',
      'audienceUserId',
    );
  }
}

function refuse(span: Span, message: string, rule: AmcRule): never {
  throw new SqlRefusal(span.start, Math.max(1, span.end - span.start), `${message} (${AMC_RULES[rule]})`, rule);
}

function firstKeyword(body: QueryBody): Span {
  return { start: body.start, end: body.start + 6 };
}

function checkJoins(f: FromItem): void {
  if (f.kind !== 'join') return;
  if (f.type === 'RIGHT') refuse(f.keyword, 'RIGHT JOIN is not supported in AMC queries', 'rightJoin');
  checkJoins(f.left);
  checkJoins(f.right);
}

const LITERAL_KINDS = new Set(['literal', 'typed_literal', 'array']);

/** A literal value, a parameter, or an expression built only from them. */
function isLiteralish(e: Expr): boolean {
  if (LITERAL_KINDS.has(e.kind)) return e.kind !== 'literal' || e.type !== 'null';
  if (e.kind === 'function') {
    const name = e.name.name.toUpperCase();
    return (
      name === 'CUSTOM_PARAMETER' || (e.args.length > 0 && e.args.every(isLiteralish) && name !== 'BUILT_IN_PARAMETER')
    );
  }
  if (e.kind === 'unary' || e.kind === 'cast') return childExprs(e).every(isLiteralish);
  return false;
}

function sensitiveColumn(e: Expr, a: Analysis): { name: string; threshold: string } | undefined {
  if (e.kind !== 'column') return undefined;
  const res = a.columns.get(e);
  if (res?.kind !== 'column' || res.fields > 0) return undefined;
  const t = res.column.base?.threshold;
  return t === 'HIGH' || t === 'VERY_HIGH' ? { name: res.column.base!.column, threshold: t } : undefined;
}

function checkLiteralFilter(e: Expr, a: Analysis): void {
  let pairs: [Expr, Expr[]][] = [];
  if (e.kind === 'binary' && ['=', '<>', '<', '<=', '>', '>=', '<=>'].includes(e.op)) {
    pairs = [
      [e.left, [e.right]],
      [e.right, [e.left]],
    ];
  } else if (e.kind === 'in_list') pairs = [[e.value, e.list]];
  else if (e.kind === 'match') pairs = [[e.value, [e.pattern]]];
  else if (e.kind === 'between') pairs = [[e.value, [e.low, e.high]]];
  for (const [col, others] of pairs) {
    const sensitive = sensitiveColumn(col, a);
    if (sensitive && others.every(isLiteralish)) {
      refuse(
        e,
        `column ${sensitive.name} has aggregation threshold ${sensitive.threshold} and cannot be compared with literal values`,
        'literalFilter',
      );
    }
  }
}

/** The SELECTs whose rows are the query's output (the top body and every set-operation branch). */
function finalSelects(b: QueryBody): Select[] {
  switch (b.kind) {
    case 'select':
      return [b];
    case 'setop':
      return [...finalSelects(b.left), ...finalSelects(b.right)];
    case 'nested':
      return finalSelects(b.query.body);
    default:
      return [];
  }
}

/** Every query, SELECT and expression in the tree (including those inside subqueries and CTEs). */
function collect(root: unknown, queries: Query[], selects: Select[], exprs: Expr[]): void {
  const seen = new Set<unknown>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    const node = n as { kind?: string };
    if (node.kind === 'query') queries.push(n as Query);
    else if (node.kind === 'select') selects.push(n as Select);
    else if (node.kind && EXPR_KINDS.has(node.kind)) exprs.push(n as Expr);
    for (const v of Object.values(n)) walk(v);
  };
  walk(root);
}

const EXPR_KINDS = new Set([
  'literal',
  'typed_literal',
  'interval',
  'column',
  'star',
  'function',
  'unary',
  'binary',
  'match',
  'is',
  'between',
  'in_list',
  'in_query',
  'exists',
  'subquery',
  'case',
  'cast',
  'extract',
  'array',
  'row',
  'subscript',
  'field',
]);
