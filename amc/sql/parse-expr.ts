/**
 * Expressions of AMC SQL, by precedence: OR < AND < NOT < predicates (comparisons, IS, IN, BETWEEN, LIKE,
 * SIMILAR TO, RLIKE) < || < + - < * / % < unary < postfix ([i], .field) < primary. Special call forms (CAST,
 * EXTRACT, POSITION … IN, SUBSTRING … FROM … FOR, TRIM(BOTH … FROM …)), CASE, INTERVAL, typed literals and
 * window specifications are parsed here. Subqueries are parsed by the query parser passed in.
 */
import type { Expr, FrameBound, FunctionExpr, Ident, OrderItem, Query, TypeName, WindowFrame, WindowSpec } from './ast';
import type { TokenStream } from './token-stream';

const COMPARISON = new Set(['=', '==', '<>', '!=', '<', '<=', '>', '>=', '<=>']);
const INTERVAL_UNITS =
  /^(YEAR|YEARS|QUARTER|QUARTERS|MONTH|MONTHS|WEEK|WEEKS|DAY|DAYS|HOUR|HOURS|MINUTE|MINUTES|SECOND|SECONDS|MILLISECOND|MILLISECONDS)$/i;
/** Words that begin a nested query inside parentheses. */
export const QUERY_START = ['SELECT', 'WITH', 'VALUES'];

export class ExprParser {
  constructor(
    private readonly s: TokenStream,
    private readonly parseQuery: () => Query,
  ) {}

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

  private concat(): Expr {
    let left = this.additive();
    while (this.s.isOp('||')) {
      this.s.next();
      const right = this.additive();
      left = { kind: 'binary', op: '||', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private additive(): Expr {
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

  private unary(): Expr {
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

  private primary(): Expr {
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

  private caseExpr(): Expr {
    const s = this.s;
    const start = s.next().start;
    const operand = s.isWord('WHEN') ? undefined : this.expr();
    const whens: { when: Expr; then: Expr }[] = [];
    while (s.acceptWord('WHEN')) {
      const when = this.expr();
      s.expectWord('THEN');
      whens.push({ when, then: this.expr() });
    }
    if (whens.length === 0) throw s.unexpected(['WHEN']);
    const elseExpr = s.acceptWord('ELSE') ? this.expr() : undefined;
    s.expectWord('END');
    return { kind: 'case', operand, whens, else: elseExpr, start, end: s.lastEnd };
  }

  private interval(): Expr {
    const s = this.s;
    const start = s.next().start;
    const value = s.peek().type === 'string' || s.peek().type === 'number' ? this.primary() : this.unary();
    let unit: string | undefined;
    if (s.peek().type === 'word' && INTERVAL_UNITS.test(s.peek().value)) unit = s.next().value.toUpperCase();
    if (unit && s.acceptWord('TO')) s.next(); // INTERVAL '1-2' YEAR TO MONTH: the range is not needed here
    return { kind: 'interval', value, unit, start, end: s.lastEnd };
  }

  private arrayLiteral(): Expr {
    const s = this.s;
    const start = s.next().start;
    const close = s.isOp('[') ? ']' : ')';
    s.next();
    const elements = s.isOp(close) ? [] : this.exprList();
    s.expectOp(close);
    return { kind: 'array', elements, start, end: s.lastEnd };
  }

  private cast(isTry: boolean): Expr {
    const s = this.s;
    const start = s.next().start;
    s.expectOp('(');
    const expr = this.expr();
    s.expectWord('AS');
    const to = this.typeName();
    s.expectOp(')');
    return { kind: 'cast', expr, to, try: isTry, start, end: s.lastEnd };
  }

  typeName(): TypeName {
    const s = this.s;
    const first = s.ident(true);
    let name = first.name.toUpperCase();
    if (name === 'DOUBLE' && s.isWord('PRECISION')) {
      s.next();
    } else if ((name === 'CHARACTER' || name === 'CHAR') && s.isWord('VARYING')) {
      s.next();
      name = 'VARCHAR';
    } else if (name === 'TIMESTAMP' && (s.isWord('WITH') || s.isWord('WITHOUT'))) {
      s.next();
      s.expectWord('TIME');
      s.expectWord('ZONE');
    }
    const params: number[] = [];
    let element: TypeName | undefined;
    if (s.isOp('<')) {
      s.next();
      element = this.typeName();
      s.expectOp('>');
    } else if (s.isOp('(')) {
      s.next();
      for (;;) {
        const n = s.next();
        if (n.type !== 'number') throw s.unexpected(['a number']);
        params.push(Number(n.value));
        if (!s.acceptOp(',')) break;
      }
      s.expectOp(')');
    }
    return { name, params, element, start: first.start, end: s.lastEnd };
  }

  private extract(): Expr {
    const s = this.s;
    const start = s.next().start;
    s.expectOp('(');
    const fieldTok = s.next();
    if (fieldTok.type !== 'word' && fieldTok.type !== 'string') throw s.unexpected(['a date part']);
    if (!s.acceptWord('FROM')) s.expectOp(',');
    const expr = this.expr();
    s.expectOp(')');
    return { kind: 'extract', field: fieldTok.value.toUpperCase(), expr, start, end: s.lastEnd };
  }

  /** name(args) with the special forms, then FILTER / WITHIN GROUP / IGNORE NULLS / OVER. */
  private call(): FunctionExpr {
    const s = this.s;
    const nameTok = s.next();
    const name: Ident = { name: nameTok.value, quoted: false, start: nameTok.start, end: nameTok.end };
    const upper = name.name.toUpperCase();
    s.expectOp('(');
    const fn: FunctionExpr = {
      kind: 'function',
      name,
      args: [],
      distinct: false,
      star: false,
      start: name.start,
      end: 0,
    };
    if (s.isOp(')')) {
      // no arguments
    } else if (s.isOp('*') && s.isOp(')', 1)) {
      s.next();
      fn.star = true;
    } else if (upper === 'POSITION' && this.specialPosition(fn)) {
      // POSITION(a IN b)
    } else if ((upper === 'SUBSTRING' || upper === 'SUBSTR') && this.specialSubstring(fn)) {
      // SUBSTRING(a FROM b [FOR c])
    } else if (upper === 'TRIM' && this.specialTrim(fn)) {
      // TRIM([BOTH|LEADING|TRAILING] [chars] FROM str)
    } else {
      if (s.acceptWord('DISTINCT')) fn.distinct = true;
      else s.acceptWord('ALL');
      fn.args = this.exprList();
      if (s.acceptWord('ORDER', 'BY')) fn.orderBy = this.orderItems();
    }
    s.expectOp(')');
    if (s.isWord('IGNORE') || s.isWord('RESPECT')) {
      s.next();
      s.expectWord('NULLS');
    }
    if (s.isWord('WITHIN') && s.isWord('GROUP', 1)) {
      s.next();
      s.next();
      s.expectOp('(');
      s.expectWord('ORDER');
      s.expectWord('BY');
      fn.orderBy = this.orderItems();
      s.expectOp(')');
    }
    if (s.isWord('FILTER') && s.isOp('(', 1)) {
      s.next();
      s.next();
      s.expectWord('WHERE');
      fn.filter = this.expr();
      s.expectOp(')');
    }
    if (s.acceptWord('OVER')) fn.over = this.windowSpecOrName();
    fn.end = s.lastEnd;
    return fn;
  }

  private specialPosition(fn: FunctionExpr): boolean {
    const save = this.s.index;
    const needle = this.concat();
    if (!this.s.acceptWord('IN')) {
      this.s.reset(save);
      return false;
    }
    fn.args = [needle, this.expr()];
    fn.form = 'position';
    return true;
  }

  private specialSubstring(fn: FunctionExpr): boolean {
    const save = this.s.index;
    const str = this.expr();
    if (!this.s.isWord('FROM') && !this.s.isWord('FOR')) {
      this.s.reset(save);
      return false;
    }
    const from = this.s.acceptWord('FROM')
      ? this.expr()
      : ({ kind: 'literal', type: 'number', value: '1', start: str.end, end: str.end } as Expr);
    fn.args = this.s.acceptWord('FOR') ? [str, from, this.expr()] : [str, from];
    fn.form = 'substring';
    return true;
  }

  private specialTrim(fn: FunctionExpr): boolean {
    const s = this.s;
    const mode = s.isWord('BOTH')
      ? 'trim_both'
      : s.isWord('LEADING')
        ? 'trim_leading'
        : s.isWord('TRAILING')
          ? 'trim_trailing'
          : undefined;
    if (mode) s.next();
    if (mode && s.acceptWord('FROM')) {
      fn.args = [this.expr()];
      fn.form = mode;
      return true;
    }
    const save = s.index;
    if (!mode && s.isOp(')', 0)) return false;
    const first = this.expr();
    if (s.acceptWord('FROM')) {
      fn.args = [this.expr(), first];
      fn.form = mode ?? 'trim_both';
      return true;
    }
    if (mode) throw s.unexpected(['FROM']);
    s.reset(save);
    return false;
  }

  windowSpecOrName(): WindowSpec {
    const s = this.s;
    if (!s.isOp('(')) {
      const name = s.ident();
      return { name, partitionBy: [], orderBy: [], start: name.start, end: name.end };
    }
    return this.windowSpec();
  }

  windowSpec(): WindowSpec {
    const s = this.s;
    const start = s.expectOp('(').start;
    const spec: WindowSpec = { partitionBy: [], orderBy: [], start, end: 0 };
    if (s.isIdent() && !s.isAnyWord(['PARTITION', 'ORDER', 'ROWS', 'RANGE', 'GROUPS'])) spec.name = s.ident();
    if (s.acceptWord('PARTITION', 'BY')) spec.partitionBy = this.exprList();
    if (s.acceptWord('ORDER', 'BY')) spec.orderBy = this.orderItems();
    if (s.isAnyWord(['ROWS', 'RANGE', 'GROUPS'])) spec.frame = this.frame();
    s.expectOp(')');
    spec.end = s.lastEnd;
    return spec;
  }

  private frame(): WindowFrame {
    const s = this.s;
    const unit = s.next().value.toUpperCase() as WindowFrame['unit'];
    if (s.acceptWord('BETWEEN')) {
      const start = this.bound();
      s.expectWord('AND');
      return { unit, start, end: this.bound() };
    }
    return { unit, start: this.bound() };
  }

  private bound(): FrameBound {
    const s = this.s;
    if (s.acceptWord('UNBOUNDED', 'PRECEDING')) return { kind: 'UNBOUNDED PRECEDING' };
    if (s.acceptWord('UNBOUNDED', 'FOLLOWING')) return { kind: 'UNBOUNDED FOLLOWING' };
    if (s.acceptWord('CURRENT', 'ROW')) return { kind: 'CURRENT ROW' };
    const offset = this.additive();
    if (s.acceptWord('PRECEDING')) return { kind: 'PRECEDING', offset };
    s.expectWord('FOLLOWING');
    return { kind: 'FOLLOWING', offset };
  }

  orderItems(): OrderItem[] {
    const s = this.s;
    const items: OrderItem[] = [];
    do {
      const expr = this.expr();
      const desc = s.acceptWord('DESC') ? true : (s.acceptWord('ASC'), false);
      let nulls: OrderItem['nulls'];
      if (s.acceptWord('NULLS')) {
        if (s.acceptWord('FIRST')) nulls = 'FIRST';
        else if (s.acceptWord('LAST')) nulls = 'LAST';
        else throw s.unexpected(['FIRST', 'LAST']);
      }
      items.push({ expr, desc, nulls, start: expr.start, end: s.lastEnd });
    } while (s.acceptOp(','));
    return items;
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
