/** Generic walks over expressions (not descending into subqueries). */
import type { Expr } from './ast';
import { functionDef } from './functions';

/** Does the expression aggregate (an aggregate call outside OVER, not inside a subquery)? */
export function containsAggregate(e: Expr): boolean {
  switch (e.kind) {
    case 'function': {
      if (!e.over && functionDef(e.name.name)?.kind === 'aggregate') return true;
      return e.args.some(containsAggregate);
    }
    case 'subquery':
    case 'exists':
    case 'in_query':
      return e.kind === 'in_query' ? containsAggregate(e.value) : false;
    default:
      return childExprs(e).some(containsAggregate);
  }
}

/** Direct sub-expressions (not those inside subqueries). */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'interval':
      return [e.value];
    case 'function':
      return [...e.args, ...(e.filter ? [e.filter] : [])];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'match':
      return [e.value, e.pattern, ...(e.escape ? [e.escape] : [])];
    case 'is':
      return [e.value, ...(e.other ? [e.other] : [])];
    case 'between':
      return [e.value, e.low, e.high];
    case 'in_list':
      return [e.value, ...e.list];
    case 'in_query':
      return [e.value];
    case 'case':
      return [
        ...(e.operand ? [e.operand] : []),
        ...e.whens.flatMap((w) => [w.when, w.then]),
        ...(e.else ? [e.else] : []),
      ];
    case 'cast':
    case 'extract':
      return [e.expr];
    case 'array':
    case 'row':
      return e.elements;
    case 'subscript':
      return [e.expr, e.index];
    case 'field':
      return [e.expr];
    default:
      return [];
  }
}
