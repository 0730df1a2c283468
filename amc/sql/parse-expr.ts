/**
 * Expressions of AMC SQL, by precedence: OR < AND < NOT < predicates (comparisons, IS, IN, BETWEEN, LIKE,
 * SIMILAR TO, RLIKE) < || < + - < * / % < unary < postfix ([i], .field) < primary (literals, typed literals,
 * columns, parenthesised expressions, rows and subqueries). Calls, CASE, CAST, EXTRACT, INTERVAL, ARRAY and window
 * specifications are in parse-calls.ts. Subqueries are parsed by the query parser passed in.
 */
import type { Expr, FunctionExpr, Ident, Query } from './ast';
import { CallParser } from './parse-calls';
import type { TokenStream } from './token-stream';

const COMPARISON = new Set(['=', '==', '<>', '!=', '<', '<=', '>', '>=', '<=>']);
/** Words that begin a nested query inside parentheses. */
export const QUERY_START = ['SELECT', 'WITH', 'VALUES'];

export class ExprParser extends CallParser {
  constructor(
    s: TokenStream,
    private readonly parseQuery: () => Query,
  ) {
    super(s);
  }

  expr(): Expr {
    return this.or();
  }

  exprList(): Expr[] {
    const out = [this.expr()];
    while (this.s.acceptOp(',')) out.push(this.expr());
    return out;
  }

  private or(): Expr {
    let left = this.and();
    while (this.s.isWord('OR')) {
      this.s.next();
      const right = this.and();
      left = { kind: 'binary', op: 'OR', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.s.isWord('AND')) {
      this.s.next();
      const right = this.not();
      left = { kind: 'binary', op: 'AND', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private not(): Expr {
    if (this.s.isWord('NOT')) {
      const start = this.s.next().start;
      const operand = this.not();
      return { kind: 'unary', op: 'NOT', operand, start, end: operand.end };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const value = this.concat();
    const start = value.start;
    const t = this.s.peek();
    if (t.type === 'op' && COMPARISON.has(t.value)) {
      this.s.next();
      const right = this.concat();
      const op = t.value === '==' ? '=' : t.value === '!=' ? '<>' : t.value;
      return { kind: 'binary', op, left: value, right, start, end: right.end };
    }
    if (this.s.isWord('IS')) {
      this.s.next();
      const not = this.s.acceptWord('NOT');
      if (this.s.acceptWord('DISTINCT', 'FROM')) {
        const other = this.concat();
        return { kind: 'is', not, value, test: 'DISTINCT FROM', other, start, end: other.end };
      }
      const word = this.s.peek();
      const test = word.type === 'word' ? word.value.toUpperCase() : '';
      if (test !== 'NULL' && test !== 'TRUE' && test !== 'FALSE' && test !== 'UNKNOWN')
        throw this.s.unexpected(['NULL', 'TRUE', 'FALSE', 'DISTINCT']);
      this.s.next();
      return { kind: 'is', not, value, test, start, end: this.s.lastEnd };
    }
    const not =
      this.s.isWord('NOT') && this.s.isAnyWord(['IN', 'BETWEEN', 'LIKE', 'ILIKE', 'RLIKE', 'REGEXP', 'SIMILAR'], 1);
    if (not) this.s.next();
    if (this.s.acceptWord('IN')) {
      this.s.expectOp('(');
      if (this.s.isAnyWord(QUERY_START)) {
        const query = this.parseQuery();
        this.s.expectOp(')');
        return { kind: 'in_query', not, value, query, start, end: this.s.lastEnd };
      }
      const list = this.exprList();
      this.s.expectOp(')');
      return { kind: 'in_list', not, value, list, start, end: this.s.lastEnd };
    }
    if (this.s.acceptWord('BETWEEN')) {
      if (!this.s.acceptWord('SYMMETRIC')) this.s.acceptWord('ASYMMETRIC');
      const low = this.concat();
      this.s.expectWord('AND');
      const high = this.concat();
      return { kind: 'between', not, value, low, high, start, end: high.end };
    }
    const op = this.s.acceptWord('LIKE')
      ? 'LIKE'
      : this.s.acceptWord('ILIKE')
        ? 'ILIKE'
        : this.s.acceptWord('RLIKE') || this.s.acceptWord('REGEXP')
          ? 'RLIKE'
          : this.s.acceptWord('SIMILAR', 'TO')
            ? 'SIMILAR TO'
            : undefined;
    if (op) {
      const pattern = this.concat();
      const escape = this.s.acceptWord('ESCAPE') ? this.concat() : undefined;
      return { kind: 'match', op, not, value, pattern, escape, start, end: this.s.lastEnd };
    }
    if (not) throw this.s.unexpected(['IN', 'BETWEEN', 'LIKE', 'SIMILAR TO']);
    return value;
  }

  protected concat(): Expr {
    let left = this.additive();
    while (this.s.isOp('||')) {
      this.s.next();
      const right = this.additive();
      left = { kind: 'binary', op: '||', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  protected additive(): Expr {
    let left = this.multiplicative();
    while (this.s.isOp('+') || this.s.isOp('-')) {
      const op = this.s.next().value;
      const right = this.multiplicative();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.s.isOp('*') || this.s.isOp('/') || this.s.isOp('%') || this.s.isWord('DIV')) {
      const t = this.s.next();
      const right = this.unary();
      const op = t.type === 'word' ? 'DIV' : t.value;
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  protected unary(): Expr {
    if (this.s.isOp('-') || this.s.isOp('+')) {
      const t = this.s.next();
      const operand = this.unary();
      return { kind: 'unary', op: t.value as '-' | '+', operand, start: t.start, end: operand.end };
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.s.isOp('[')) {
        this.s.next();
        const index = this.expr();
        this.s.expectOp(']');
        e = { kind: 'subscript', expr: e, index, start: e.start, end: this.s.lastEnd };
      } else if (this.s.isOp('.') && e.kind !== 'column' && this.s.isIdent(1, true)) {
        this.s.next();
        const field = this.s.ident(true);
        e = { kind: 'field', expr: e, field, start: e.start, end: field.end };
      } else {
        return e;
      }
    }
  }

  protected primary(): Expr {
    const s = this.s;
    const t = s.peek();
    if (t.type === 'number') {
      s.next();
      return { kind: 'literal', type: 'number', value: t.value, start: t.start, end: t.end };
    }
    if (t.type === 'string') {
      s.next();
      let value = t.value;
      let end = t.end;
      while (s.peek().type === 'string') {
        // Adjacent literals concatenate ('a' 'b'), as in standard SQL.
        const more = s.next();
        value += more.value;
        end = more.end;
      }
      return { kind: 'literal', type: 'string', value, start: t.start, end };
    }
    if (t.type === 'op' && t.value === '(') return this.parenthesized();
    if (t.type === 'op' && t.value === '*') {
      s.next();
      return { kind: 'star', start: t.start, end: t.end };
    }
    if (t.type === 'quoted') return this.columnOrStar();
    if (t.type !== 'word') throw s.unexpected();
    const word = t.value.toUpperCase();
    const call = s.isOp('(', 1);
    switch (word) {
      case 'NULL':
        s.next();
        return { kind: 'literal', type: 'null', value: 'NULL', start: t.start, end: t.end };
      case 'TRUE':
      case 'FALSE':
        s.next();
        return { kind: 'literal', type: 'boolean', value: word, start: t.start, end: t.end };
      case 'CASE':
        return this.caseExpr();
      case 'EXISTS': {
        s.next();
        s.expectOp('(');
        const query = this.parseQuery();
        s.expectOp(')');
        return { kind: 'exists', query, start: t.start, end: s.lastEnd };
      }
      case 'INTERVAL':
        return this.interval();
      case 'ARRAY':
        if (s.isOp('[', 1) || call) return this.arrayLiteral();
        break;
      case 'DATE':
      case 'TIMESTAMP':
      case 'TIME':
        if (s.peek(1).type === 'string') {
          s.next();
          const lit = s.next();
          return { kind: 'typed_literal', dataType: word, value: lit.value, start: t.start, end: lit.end };
        }
        break;
      case 'CURRENT_DATE':
      case 'CURRENT_TIMESTAMP':
        if (!call) {
          s.next();
          return this.niladic(t.value, t.start, t.end);
        }
        break;
    }
    if (call) {
      if (word === 'CAST' || word === 'TRY_CAST') return this.cast(word === 'TRY_CAST');
      if (word === 'EXTRACT') return this.extract();
      if (word === 'ROW') {
        s.next();
        s.next();
        const elements = this.exprList();
        s.expectOp(')');
        return { kind: 'row', elements, start: t.start, end: s.lastEnd };
      }
      if (word !== 'NOT' && word !== 'AND' && word !== 'OR' && word !== 'IN') return this.call();
    }
    if (RESERVED_IN_EXPR.has(word)) throw s.unexpected();
    return this.columnOrStar();
  }

  private niladic(name: string, start: number, end: number): FunctionExpr {
    return {
      kind: 'function',
      name: { name, quoted: false, start, end },
      args: [],
      distinct: false,
      star: false,
      form: 'niladic',
      start,
      end,
    };
  }

  /** `(` expr `)`, a scalar subquery, or a row `(a, b)`. */
  private parenthesized(): Expr {
    const s = this.s;
    const start = s.next().start;
    if (s.isAnyWord(QUERY_START) || (s.isOp('(') && this.looksLikeQuery())) {
      const query = this.parseQuery();
      s.expectOp(')');
      return { kind: 'subquery', query, start, end: s.lastEnd };
    }
    const first = this.expr();
    if (s.acceptOp(',')) {
      const elements = [first, ...this.exprList()];
      s.expectOp(')');
      return { kind: 'row', elements, start, end: s.lastEnd };
    }
    s.expectOp(')');
    // Keep the parentheses in the span so positions of errors on the whole expression include them.
    return { ...first, start, end: s.lastEnd } as Expr;
  }

  /** After '(' '(' … : is this a parenthesised query such as ((SELECT …) UNION (SELECT …))? */
  private looksLikeQuery(): boolean {
    let depth = 0;
    for (let i = 0; ; i++) {
      const t = this.s.peek(i);
      if (t.type === 'eof') return false;
      if (t.type === 'op' && t.value === '(') depth++;
      else if (t.type === 'op' && t.value === ')') depth--;
      else if (t.type === 'word' && QUERY_START.includes(t.value.toUpperCase())) return true;
      else return false;
      if (depth < 0) return false;
    }
  }

  private columnOrStar(): Expr {
    const s = this.s;
    const parts: Ident[] = [s.ident()];
    while (s.isOp('.')) {
      if (s.isOp('*', 1)) {
        s.next();
        const star = s.next();
        if (parts.length > 1) throw s.unexpected();
        return { kind: 'star', qualifier: parts[0], start: parts[0]!.start, end: star.end };
      }
      if (!s.isIdent(1, true)) break;
      s.next();
      parts.push(s.ident(true));
    }
    return { kind: 'column', parts, start: parts[0]!.start, end: parts[parts.length - 1]!.end };
  }
}

/** Reserved words that can never start a column reference. */
const RESERVED_IN_EXPR = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'MINUS',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'CROSS',
  'OUTER',
  'ON',
  'USING',
  'AS',
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'WITH',
  'DISTINCT',
  'ALL',
  'BY',
  'BETWEEN',
  'LIKE',
  'ILIKE',
  'RLIKE',
  'SIMILAR',
  'WINDOW',
  'QUALIFY',
  'NATURAL',
  'LATERAL',
  'OFFSET',
  'FETCH',
  'VALUES',
]);
