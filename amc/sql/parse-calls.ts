/**
 * The call-shaped parts of AMC expressions, for parse-expr.ts: function calls with their special forms
 * (POSITION(a IN b), SUBSTRING(a FROM b FOR c), TRIM(BOTH x FROM y)), FILTER / WITHIN GROUP / OVER, window
 * specifications and frames, CASE, CAST and type names, EXTRACT, INTERVAL and ARRAY literals, ORDER BY items.
 */
import type { Expr, FrameBound, FunctionExpr, Ident, OrderItem, TypeName, WindowFrame, WindowSpec } from './ast';
import type { TokenStream } from './token-stream';

const INTERVAL_UNITS =
  /^(YEAR|YEARS|QUARTER|QUARTERS|MONTH|MONTHS|WEEK|WEEKS|DAY|DAYS|HOUR|HOURS|MINUTE|MINUTES|SECOND|SECONDS|MILLISECOND|MILLISECONDS)$/i;

export abstract class CallParser {
  constructor(protected readonly s: TokenStream) {}

  abstract expr(): Expr;
  abstract exprList(): Expr[];
  protected abstract concat(): Expr;
  protected abstract additive(): Expr;
  protected abstract unary(): Expr;
  protected abstract primary(): Expr;

  protected caseExpr(): Expr {
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

  protected interval(): Expr {
    const s = this.s;
    const start = s.next().start;
    const value = s.peek().type === 'string' || s.peek().type === 'number' ? this.primary() : this.unary();
    let unit: string | undefined;
    if (s.peek().type === 'word' && INTERVAL_UNITS.test(s.peek().value)) unit = s.next().value.toUpperCase();
    if (unit && s.acceptWord('TO')) s.next(); // INTERVAL '1-2' YEAR TO MONTH: the range is not needed here
    return { kind: 'interval', value, unit, start, end: s.lastEnd };
  }

  protected arrayLiteral(): Expr {
    const s = this.s;
    const start = s.next().start;
    const close = s.isOp('[') ? ']' : ')';
    s.next();
    const elements = s.isOp(close) ? [] : this.exprList();
    s.expectOp(close);
    return { kind: 'array', elements, start, end: s.lastEnd };
  }

  protected cast(isTry: boolean): Expr {
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

  protected extract(): Expr {
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
  protected call(): FunctionExpr {
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
