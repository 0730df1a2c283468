/**
 * Parses one AMC SQL statement into a syntax tree (ast.ts). The grammar is the SELECT language AMC's guides use,
 * read tolerantly: CTEs with column lists over VALUES, derived tables without alias, TABLE(EXTEND_TIME_WINDOW(…))
 * wherever a table may stand, every join form, set operations, GROUP BY positions/aliases/ROLLUP/CUBE/GROUPING
 * SETS, named windows, trailing semicolons. AMC's *rules* (no LIMIT, no ORDER BY, …) are not grammar: they are
 * checked later (rules.ts) so the message can cite them.
 */
import type {
  Cte,
  FromItem,
  GroupingElement,
  Ident,
  JoinItem,
  LiteralExpr,
  Query,
  QueryBody,
  Select,
  SelectItem,
  ValuesBody,
} from './ast';
import { SqlRefusal } from './errors';
import { tokenize } from './lexer';
import { ExprParser, QUERY_START } from './parse-expr';
import { TokenStream } from './token-stream';

const JOIN_START = ['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'SEMI', 'ANTI'];

export function parseAmcSql(sql: string): Query {
  const parser = new QueryParser(new TokenStream(tokenize(sql)));
  return parser.statement();
}

class QueryParser {
  private readonly e: ExprParser;

  constructor(private readonly s: TokenStream) {
    this.e = new ExprParser(s, () => this.query());
  }

  statement(): Query {
    const s = this.s;
    if (s.peek().type === 'eof') throw new SqlRefusal(0, 1, 'SQL query was invalid: the query is empty');
    const query = this.query();
    while (s.acceptOp(';')) {
      // trailing semicolons are harmless
    }
    if (s.peek().type !== 'eof') {
      const t = s.peek();
      const afterSemicolon = this.s.index > 0 && s.peek(-1).value === ';';
      if (afterSemicolon)
        throw new SqlRefusal(t.start, t.end - t.start, 'SQL query was invalid: exactly one statement is allowed');
      throw s.unexpected();
    }
    return query;
  }

  query(): Query {
    const s = this.s;
    const start = s.peek().start;
    const ctes: Cte[] = [];
    if (s.acceptWord('WITH')) {
      s.acceptWord('RECURSIVE');
      do ctes.push(this.cte());
      while (s.acceptOp(','));
    }
    const body = this.setExpression();
    const query: Query = { kind: 'query', ctes, body, orderBy: [], start, end: 0 };
    if (s.isWord('ORDER') && s.isWord('BY', 1)) {
      const obStart = s.next().start;
      s.next();
      query.orderBySpan = { start: obStart, end: s.lastEnd };
      query.orderBy = this.e.orderItems();
    }
    this.limitClauses(query);
    query.end = s.lastEnd;
    return query;
  }

  private limitClauses(query: Query): void {
    const s = this.s;
    for (;;) {
      if (s.isWord('LIMIT')) {
        const t = s.next();
        const value = s.acceptWord('ALL')
          ? ({ kind: 'literal', type: 'null', value: 'NULL', start: t.start, end: s.lastEnd } as LiteralExpr)
          : this.e.expr();
        query.limit = { value, span: { start: t.start, end: t.end } };
      } else if (s.acceptWord('OFFSET')) {
        query.offset = this.e.expr();
        if (!s.acceptWord('ROWS')) s.acceptWord('ROW');
      } else if (s.isWord('FETCH')) {
        const t = s.next();
        if (!s.acceptWord('FIRST')) s.expectWord('NEXT');
        const value = s.isAnyWord(['ROW', 'ROWS'])
          ? ({ kind: 'literal', type: 'number', value: '1', start: t.start, end: t.end } as LiteralExpr)
          : this.e.expr();
        if (!s.acceptWord('ROWS')) s.expectWord('ROW');
        s.expectWord('ONLY');
        query.limit = { value, span: { start: t.start, end: t.end } };
      } else {
        return;
      }
    }
  }

  private cte(): Cte {
    const s = this.s;
    const name = s.ident();
    const columns = s.isOp('(') ? this.identList() : undefined;
    s.expectWord('AS');
    s.expectOp('(');
    const query = this.query();
    s.expectOp(')');
    return { name, columns, query, start: name.start, end: s.lastEnd };
  }

  private identList(): Ident[] {
    const s = this.s;
    s.expectOp('(');
    const out = [s.ident(true)];
    while (s.acceptOp(',')) out.push(s.ident(true));
    s.expectOp(')');
    return out;
  }

  /** UNION / EXCEPT (MINUS) are left-associative; INTERSECT binds tighter. */
  private setExpression(): QueryBody {
    let left = this.intersectTerm();
    for (;;) {
      const s = this.s;
      const op = s.isWord('UNION') ? 'UNION' : s.isWord('EXCEPT') || s.isWord('MINUS') ? 'EXCEPT' : undefined;
      if (!op) return left;
      s.next();
      const all = s.acceptWord('ALL') ? true : (s.acceptWord('DISTINCT'), false);
      const right = this.intersectTerm();
      left = { kind: 'setop', op, all, left, right, start: left.start, end: right.end };
    }
  }

  private intersectTerm(): QueryBody {
    let left = this.term();
    while (this.s.acceptWord('INTERSECT')) {
      const all = this.s.acceptWord('ALL') ? true : (this.s.acceptWord('DISTINCT'), false);
      const right = this.term();
      left = { kind: 'setop', op: 'INTERSECT', all, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private term(): QueryBody {
    const s = this.s;
    if (s.isWord('SELECT')) return this.select();
    if (s.isWord('VALUES')) return this.values();
    if (s.isOp('(')) {
      const start = s.next().start;
      const query = this.query();
      s.expectOp(')');
      return { kind: 'nested', query, start, end: s.lastEnd };
    }
    throw s.unexpected(['SELECT', 'VALUES', 'WITH', '(']);
  }

  private values(): ValuesBody {
    const s = this.s;
    const start = s.expectWord('VALUES').start;
    const rows = [];
    do {
      if (s.acceptOp('(')) {
        rows.push(this.e.exprList());
        s.expectOp(')');
      } else {
        rows.push([this.e.expr()]);
      }
    } while (s.acceptOp(','));
    return { kind: 'values', rows, start, end: s.lastEnd };
  }

  private select(): Select {
    const s = this.s;
    const start = s.expectWord('SELECT').start;
    const select: Select = {
      kind: 'select',
      distinct: false,
      items: [],
      from: [],
      groupBy: [],
      groupByAll: false,
      windows: [],
      start,
      end: 0,
    };
    if (s.isWord('DISTINCT')) {
      const t = s.next();
      select.distinct = true;
      select.distinctSpan = { start: t.start, end: t.end };
    } else {
      s.acceptWord('ALL');
    }
    do select.items.push(this.selectItem());
    while (s.acceptOp(','));
    if (s.acceptWord('FROM')) {
      do select.from.push(this.fromItem());
      while (s.acceptOp(','));
    }
    if (s.acceptWord('WHERE')) select.where = this.e.expr();
    if (s.acceptWord('GROUP', 'BY')) {
      if (s.isWord('ALL') && !s.isOp('(', 1)) {
        s.next();
        select.groupByAll = true;
      } else {
        do select.groupBy.push(this.groupingElement());
        while (s.acceptOp(','));
      }
    }
    if (s.acceptWord('HAVING')) select.having = this.e.expr();
    if (s.acceptWord('WINDOW')) {
      do {
        const name = s.ident();
        s.expectWord('AS');
        select.windows.push({ name, spec: this.e.windowSpec() });
      } while (s.acceptOp(','));
    }
    if (s.acceptWord('QUALIFY')) select.qualify = this.e.expr();
    select.end = s.lastEnd;
    return select;
  }

  private selectItem(): SelectItem {
    const s = this.s;
    const expr = this.e.expr();
    let alias: Ident | undefined;
    if (s.acceptWord('AS')) alias = s.peek().type === 'string' ? this.stringAlias() : s.ident(true);
    else if (s.isIdent()) alias = s.ident();
    return { expr, alias, start: expr.start, end: s.lastEnd };
  }

  /** AS 'name' (a string used as an alias, as some users write it) */
  private stringAlias(): Ident {
    const t = this.s.next();
    return { name: t.value, quoted: true, start: t.start, end: t.end };
  }

  private groupingElement(): GroupingElement {
    const s = this.s;
    const start = s.peek().start;
    const kind =
      s.isWord('ROLLUP') && s.isOp('(', 1) ? 'rollup' : s.isWord('CUBE') && s.isOp('(', 1) ? 'cube' : undefined;
    if (kind) {
      s.next();
      s.expectOp('(');
      const sets = this.groupingSetList();
      s.expectOp(')');
      return { kind, sets, span: { start, end: s.lastEnd } };
    }
    if (s.isWord('GROUPING') && s.isWord('SETS', 1)) {
      s.next();
      s.next();
      s.expectOp('(');
      const sets = this.groupingSetList();
      s.expectOp(')');
      return { kind: 'sets', sets, span: { start, end: s.lastEnd } };
    }
    return { kind: 'expr', expr: this.e.expr() };
  }

  /** Elements of ROLLUP(...) / GROUPING SETS(...): `a`, `(a, b)` or `()`. */
  private groupingSetList() {
    const s = this.s;
    const sets = [];
    do {
      if (s.isOp('(') && s.isOp(')', 1)) {
        s.next();
        s.next();
        sets.push([]);
      } else {
        const e = this.e.expr();
        sets.push(e.kind === 'row' ? e.elements : [e]);
      }
    } while (s.acceptOp(','));
    return sets;
  }

  private fromItem(): FromItem {
    let left = this.tablePrimary();
    for (;;) {
      const join = this.joinHead();
      if (!join) return left;
      const right = this.tablePrimary();
      const item: JoinItem = { kind: 'join', ...join, left, right, start: left.start, end: 0 };
      if (join.type !== 'CROSS' && !join.natural) {
        if (this.s.acceptWord('ON')) item.on = this.e.expr();
        else if (this.s.acceptWord('USING')) item.using = this.identList();
        else if (join.type !== 'INNER' || !join.bare) throw this.s.unexpected(['ON', 'USING']);
      }
      item.end = this.s.lastEnd;
      left = item;
    }
  }

  /** The join keywords, or undefined when no join follows. `bare`: plain JOIN (an ON-less JOIN is a cross join). */
  private joinHead():
    { type: JoinItem['type']; natural: boolean; keyword: { start: number; end: number }; bare: boolean } | undefined {
    const s = this.s;
    if (!s.isAnyWord(JOIN_START)) return undefined;
    // SEMI / ANTI are joins only when JOIN follows (otherwise they could be aliases).
    if ((s.isWord('SEMI') || s.isWord('ANTI')) && !s.isWord('JOIN', 1)) return undefined;
    const start = s.peek().start;
    const natural = s.acceptWord('NATURAL');
    let type: JoinItem['type'] = 'INNER';
    let bare = false;
    if (s.acceptWord('CROSS')) type = 'CROSS';
    else if (s.acceptWord('INNER')) type = 'INNER';
    else if (s.acceptWord('LEFT')) type = s.acceptWord('SEMI') ? 'SEMI' : s.acceptWord('ANTI') ? 'ANTI' : 'LEFT';
    else if (s.acceptWord('RIGHT')) type = 'RIGHT';
    else if (s.acceptWord('FULL')) type = 'FULL';
    else if (s.acceptWord('SEMI')) type = 'SEMI';
    else if (s.acceptWord('ANTI')) type = 'ANTI';
    else bare = true;
    if (type === 'LEFT' || type === 'RIGHT' || type === 'FULL') s.acceptWord('OUTER');
    s.expectWord('JOIN');
    return { type, natural, keyword: { start, end: s.lastEnd }, bare };
  }

  private tablePrimary(): FromItem {
    const s = this.s;
    const start = s.peek().start;
    if (s.isOp('(')) {
      const save = s.index;
      s.next();
      const nested = s.isOp('(');
      if (s.isAnyWord(QUERY_START) || nested) {
        try {
          const query = this.query();
          s.expectOp(')');
          return this.aliased({ kind: 'derived', query, lateral: false, start, end: s.lastEnd });
        } catch (err) {
          // `((a JOIN b ON …))`: not a query after all; read it as a parenthesised join below.
          if (!nested) throw err;
        }
      }
      s.reset(save + 1);
      const inner = this.fromItem();
      s.expectOp(')');
      return { ...inner, start, end: s.lastEnd };
    }
    if (s.isWord('LATERAL') && s.isOp('(', 1)) {
      s.next();
      s.next();
      const query = this.query();
      s.expectOp(')');
      return this.aliased({ kind: 'derived', query, lateral: true, start, end: s.lastEnd });
    }
    if (s.isWord('VALUES')) {
      const values = this.values();
      return this.aliased({ kind: 'values_table', values, start, end: s.lastEnd });
    }
    if (s.isWord('TABLE') && s.isOp('(', 1)) return this.tableFunction();
    const first = s.ident();
    let name = first;
    let schema: Ident | undefined;
    while (s.isOp('.') && s.isIdent(1, true)) {
      s.next();
      schema = name;
      name = s.ident(true);
    }
    return this.aliased({ kind: 'table', name, schema, start, end: s.lastEnd });
  }

  /** TABLE(EXTEND_TIME_WINDOW('table', 'P14D', 'P1D')): all three inputs are strings (AMC SQL limitations). */
  private tableFunction(): FromItem {
    const s = this.s;
    const start = s.next().start;
    s.expectOp('(');
    const fn = s.peek();
    if (!s.isWord('EXTEND_TIME_WINDOW'))
      throw new SqlRefusal(
        fn.start,
        fn.end - fn.start,
        `Unknown table function ${fn.value}: AMC's only table function is EXTEND_TIME_WINDOW`,
      );
    s.next();
    s.expectOp('(');
    const args: LiteralExpr[] = [];
    do {
      const t = s.peek();
      if (t.type !== 'string')
        throw new SqlRefusal(
          t.start,
          Math.max(1, t.end - t.start),
          "EXTEND_TIME_WINDOW takes string literals: the table name and ISO-8601 durations, e.g. EXTEND_TIME_WINDOW('dsp_impressions', 'P14D', 'P1D')",
        );
      s.next();
      args.push({ kind: 'literal', type: 'string', value: t.value, start: t.start, end: t.end });
    } while (s.acceptOp(','));
    s.expectOp(')');
    s.expectOp(')');
    const [table, ...durations] = args;
    return this.aliased({
      kind: 'extended',
      table: { name: table!.value, quoted: true, start: table!.start + 1, end: table!.end - 1 },
      durations,
      start,
      end: s.lastEnd,
    });
  }

  private aliased<T extends FromItem & { alias?: Ident; columnAliases?: Ident[] }>(item: T): T {
    const s = this.s;
    if (s.acceptWord('AS')) item.alias = s.ident(true);
    else if (s.isIdent() && !((s.isWord('SEMI') || s.isWord('ANTI')) && s.isWord('JOIN', 1))) item.alias = s.ident();
    if (item.alias && s.isOp('(') && s.isIdent(1, true)) item.columnAliases = this.identList();
    item.end = s.lastEnd;
    return item;
  }
}
