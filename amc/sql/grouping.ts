/**
 * In an aggregating SELECT every column reference outside an aggregate must be a GROUP BY key (SQL's rule, which
 * AMC's compiler enforces like any SQL engine). Keys match structurally: `GROUP BY 1`, `GROUP BY alias` and
 * `GROUP BY expr` all cover the select item they name, and a key covers every column inside an identical
 * expression. Calls to functions the front end does not know are not looked into (they may be aggregates), and
 * neither are window functions or subqueries.
 */
import type { Analysis } from './analysis';
import type { Expr, Select } from './ast';
import { SqlRefusal } from './errors';
import { functionDef } from './functions';
import { childExprs } from './walk';

export function checkGrouping(sel: Select, a: Analysis): void {
  const keys = new Set<string>();
  const groupedItems = new Set<number>();
  for (const g of sel.groupBy) {
    for (const e of g.kind === 'expr' ? [g.expr] : g.sets.flat()) {
      if (e.kind === 'literal' && e.type === 'number' && /^\d+$/.test(e.value)) {
        groupedItems.add(Number(e.value) - 1);
        keys.add(canonical(sel.items[Number(e.value) - 1]!.expr, a));
      } else if (a.groupByAlias.has(e)) {
        const index = a.groupByAlias.get(e)! - 1;
        groupedItems.add(index);
        keys.add(canonical(sel.items[index]!.expr, a));
      } else {
        keys.add(canonical(e, a));
      }
    }
  }
  const check = (e: Expr): void => {
    if (keys.has(canonical(e, a))) return;
    switch (e.kind) {
      case 'function': {
        const def = functionDef(e.name.name);
        if (!def || e.over || def.kind === 'aggregate') return;
        break;
      }
      case 'column': {
        const res = a.columns.get(e);
        if (res?.kind === 'column' && !res.outer) {
          const name = e.parts.map((p) => p.name).join('.');
          throw new SqlRefusal(e.start, e.end - e.start, `Expression '${name}' is not being grouped`);
        }
        return;
      }
      case 'subquery':
      case 'exists':
      case 'in_query':
        return;
    }
    for (const c of childExprs(e)) check(c);
  };
  sel.items.forEach((item, i) => {
    if (item.expr.kind === 'star' || groupedItems.has(i)) return;
    check(item.expr);
  });
  if (sel.having) check(sel.having);
}

/** A structural key for an expression: resolved columns as `source.column`, names upper-cased, spans ignored. */
function canonical(e: Expr, a: Analysis): string {
  const c = (x: Expr): string => canonical(x, a);
  switch (e.kind) {
    case 'column': {
      const res = a.columns.get(e);
      if (res?.kind === 'column')
        return `${res.source.alias}.${res.column.name}${e.parts
          .slice(e.parts.length - res.fields)
          .map((p) => `.${p.name}`)
          .join('')}`.toLowerCase();
      if (res?.kind === 'alias') return `alias:${res.index}`;
      return e.parts.map((p) => p.name.toLowerCase()).join('.');
    }
    case 'literal':
      return `${e.type}:${e.value}`;
    case 'function':
      return `${e.name.name.toUpperCase()}(${e.distinct ? 'DISTINCT ' : ''}${e.star ? '*' : e.args.map(c).join(',')})${e.over ? 'OVER' : ''}`;
    case 'binary':
      return `(${c(e.left)} ${e.op} ${c(e.right)})`;
    case 'unary':
      return `${e.op}(${c(e.operand)})`;
    case 'cast':
      return `CAST(${c(e.expr)} AS ${e.to.name}${e.to.params.join(',')})`;
    case 'extract':
      return `EXTRACT(${e.field} ${c(e.expr)})`;
    case 'typed_literal':
      return `${e.dataType}'${e.value}'`;
    default:
      return `${e.kind}[${childExprs(e).map(c).join(',')}]${'not' in e && e.not ? '!' : ''}${'op' in e ? String(e.op) : ''}${'test' in e ? e.test : ''}`;
  }
}
