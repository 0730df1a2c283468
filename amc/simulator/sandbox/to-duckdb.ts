/**
 * Prints a compiled AMC query (amc/sql) as the DuckDB SQL the sandbox runs. Expressions are printed by
 * duck-expressions.ts; this module prints relations (queries, CTEs, set operations, SELECTs, FROM items) and adds
 * user lineage: every relation a query reads or outputs carries a last column `__u`, the users behind its row, so
 * AMC's aggregation thresholds can be judged per output row.
 *
 * `__u` has one of two shapes. An AMC table's view, and a non-aggregating SELECT over one such source, carry the
 * row's one user as a scalar (NULL when none): most queries aggregate straight over those rows, and a scalar
 * aggregates cheaply (`list(DISTINCT …)`). Everything else carries a list (capped at `userCap`). An aggregate merges
 * the users of each source, DISTINCT and UNION merge the users of the rows they merge, and set-operation branches
 * always carry lists so their columns line up.
 */
import type { Analysis } from '../../../amc/sql/analysis';
import type {
  FromItem,
  GroupingElement,
  Ident,
  Query,
  QueryBody,
  Select,
  SelectItem,
  ValuesBody,
} from '../../../amc/sql/ast';
import type { SqlType } from '../../../amc/sql/types';
import { ExprPrinter, q } from './duck-expressions';
import { SandboxUnsupported } from './sandbox-errors';

export { literalOf } from './duck-expressions';

export interface TranslateInput {
  ast: Query;
  analysis: Analysis;
  /** Values of CUSTOM_PARAMETER('x') for this run, and their declared types. */
  params: Record<string, unknown>;
  paramTypes: Map<string, SqlType>;
  window: { startMs: number; endMs: number };
  userCap: number;
}

export interface Translation {
  sql: string;
  /** AMC tables read directly (each becomes a view of the same name over the execution window). */
  tables: string[];
  /** Extended-window reads: view name, table and ISO-8601 durations. */
  extended: { ident: string; table: string; durations: string[] }[];
}

/** The shape of a relation's `__u` column. */
type Shape = 'scalar' | 'list';

interface Printed {
  sql: string;
  shape: Shape;
}

const NO_USERS = '[]::VARCHAR[]';
const NO_USER = 'CAST(NULL AS VARCHAR)';
const U = q('__u');

export function translateToDuckDb(input: TranslateInput): Translation {
  const printer = new RelationPrinter(input);
  const { sql } = printer.query(input.ast, { instrument: true, final: true });
  return { sql, tables: [...printer.tables], extended: printer.extended };
}

interface Mode {
  /** The query yields a relation and needs `__u` (false for scalar, IN and EXISTS subqueries). */
  instrument: boolean;
  /** It is the workflow's output (its columns get AMC's output names). */
  final?: boolean;
  /** Its `__u` must be a list (a set-operation branch). */
  list?: boolean;
}

class RelationPrinter {
  readonly tables = new Set<string>();
  readonly extended: Translation['extended'] = [];
  private readonly a: Analysis;
  private readonly e: ExprPrinter;
  /** CTE name → lineage shape, innermost scope last. */
  private readonly cteShapes: Map<string, Shape>[] = [];
  private readonly sourceShapes = new Map<FromItem, Shape>();
  private counter = 0;

  constructor(private readonly input: TranslateInput) {
    this.a = input.analysis;
    this.e = new ExprPrinter(input, (query) => this.query(query, { instrument: false }).sql);
  }

  private fresh(prefix: string): string {
    return `__${prefix}${this.counter++}`;
  }

  query(query: Query, mode: Mode): Printed {
    const scope = new Map<string, Shape>();
    this.cteShapes.push(scope);
    try {
      const ctes = query.ctes.map((c) => {
        const cols = c.columns ? `(${c.columns.map((x) => q(x.name)).join(', ')})` : '';
        const body = this.query(c.query, { instrument: true });
        scope.set(c.name.name.toLowerCase(), body.shape);
        return `${q(c.name.name)}${cols} AS (${body.sql})`;
      });
      const body = this.body(query.body, mode);
      return { sql: ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n${body.sql}` : body.sql, shape: body.shape };
    } finally {
      this.cteShapes.pop();
    }
  }

  private body(b: QueryBody, mode: Mode): Printed {
    switch (b.kind) {
      case 'select':
        return this.select(b, mode);
      case 'values': {
        if (!mode.instrument) return { sql: this.values(b), shape: 'list' };
        const users = mode.list ? NO_USERS : NO_USER;
        const sql = `SELECT *, ${users} AS ${U} FROM (${this.values(b)}) AS ${q(this.fresh('v'))}`;
        return { sql, shape: mode.list ? 'list' : 'scalar' };
      }
      case 'nested': {
        const inner = this.query(b.query, mode);
        return { sql: `SELECT * FROM (${inner.sql}) AS ${q(this.fresh('n'))}`, shape: inner.shape };
      }
      case 'setop': {
        const branch = { ...mode, list: true };
        const left = this.body(b.left, branch).sql;
        const right = this.body(b.right, branch).sql;
        if (!mode.instrument) return { sql: `(${left}) ${b.op}${b.all ? ' ALL' : ''} (${right})`, shape: 'list' };
        if (b.op === 'UNION') {
          const all = `(${left}) UNION ALL (${right})`;
          return { sql: b.all ? all : this.mergeDistinct(all, 'list'), shape: 'list' };
        }
        return { sql: this.intersectOrExcept(b.op, b.all, left, right, b.left), shape: 'list' };
      }
    }
  }

  private values(v: ValuesBody): string {
    return `VALUES ${v.rows.map((r) => `(${r.map((x) => this.e.expr(x)).join(', ')})`).join(', ')}`;
  }

  /** The users of a group, from each source's `__u` (scalar or list), distinct, capped. */
  private merged(sources: { ref: string; shape: Shape }[]): string {
    if (sources.length === 0) return NO_USERS;
    const parts = sources.map((s) => (s.shape === 'scalar' ? `list(DISTINCT ${s.ref})` : `flatten(list(${s.ref}))`));
    const all = parts.reduce((x, y) => `list_concat(${x}, ${y})`);
    return `list_slice(list_distinct(${all}), 1, ${this.input.userCap})`;
  }

  /** Rows equal in every column become one, with the union of their users. */
  private mergeDistinct(relation: string, shape: Shape): string {
    const users = this.merged([{ ref: U, shape }]);
    return `SELECT * EXCLUDE (${U}), ${users} AS ${U} FROM (${relation}) AS ${q(this.fresh('d'))} GROUP BY ALL`;
  }

  /** INTERSECT / EXCEPT compare only the data columns; the left rows keep their users. */
  private intersectOrExcept(
    op: 'INTERSECT' | 'EXCEPT',
    all: boolean,
    left: string,
    right: string,
    leftBody: QueryBody,
  ): string {
    const rel = this.a.bodies.get(leftBody);
    if (!rel || rel.open) throw new SandboxUnsupported(`${op} over a relation whose columns are not catalogued`);
    const cols = rel.columns.map((_, i) => `__c${i}`);
    const l = q(this.fresh('l'));
    const r = q(this.fresh('r'));
    const aliasList = `(${[...cols, '__u'].map(q).join(', ')})`;
    const match = cols.map((c) => `${r}.${q(c)} IS NOT DISTINCT FROM ${l}.${q(c)}`).join(' AND ');
    const select = rel.columns.map((c, i) => `${l}.${q(cols[i]!)} AS ${q(c.name)}`).join(', ');
    const sql = `SELECT ${select}, ${l}.${U} FROM (${left}) AS ${l}${aliasList} WHERE ${op === 'EXCEPT' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM (${right}) AS ${r}${aliasList} WHERE ${match || 'TRUE'})`;
    return all ? sql : this.mergeDistinct(sql, 'list');
  }

  private select(s: Select, mode: Mode): Printed {
    const items = s.items.map((item, i) => this.item(item, i, mode.final === true));
    const from = s.from.map((f) => this.from(f)).join(', ');
    let shape: Shape = 'list';
    if (mode.instrument) {
      const sources = s.from.flatMap((f) => this.lineageSources(f)).map((x) => ({ ...x, ref: `${q(x.alias)}.${U}` }));
      let users: string;
      if (this.a.aggregating.has(s)) {
        users = this.merged(sources);
      } else if (sources.length === 1 && sources[0]!.shape === 'scalar' && !mode.list) {
        users = sources[0]!.ref;
        shape = 'scalar';
      } else {
        const parts = sources.map((x) =>
          x.shape === 'scalar'
            ? `CASE WHEN ${x.ref} IS NULL THEN ${NO_USERS} ELSE [${x.ref}] END`
            : `coalesce(${x.ref}, ${NO_USERS})`,
        );
        users = parts.length === 0 ? NO_USERS : parts.reduce((x, y) => `list_concat(${x}, ${y})`);
      }
      items.push(`${users} AS ${U}`);
    }
    let sql = `SELECT ${s.distinct && !mode.instrument ? 'DISTINCT ' : ''}${items.join(', ')}`;
    if (from) sql += `\nFROM ${from}`;
    if (s.where) sql += `\nWHERE ${this.e.expr(s.where)}`;
    if (s.groupByAll) sql += '\nGROUP BY ALL';
    else if (s.groupBy.length > 0) sql += `\nGROUP BY ${s.groupBy.map((g) => this.grouping(g)).join(', ')}`;
    if (s.having) sql += `\nHAVING ${this.e.expr(s.having)}`;
    if (s.windows.length > 0)
      sql += `\nWINDOW ${s.windows.map((w) => `${q(w.name.name)} AS ${this.e.windowSpec(w.spec)}`).join(', ')}`;
    if (s.qualify) sql += `\nQUALIFY ${this.e.expr(s.qualify)}`;
    if (s.distinct && mode.instrument) return { sql: this.mergeDistinct(sql, shape), shape: 'list' };
    return { sql, shape };
  }

  private item(item: SelectItem, index: number, final: boolean): string {
    const x = item.expr;
    if (x.kind === 'star') return `${x.qualifier ? `${q(x.qualifier.name)}.` : ''}* EXCLUDE (${U})`;
    const sql = this.e.expr(x);
    if (final) return `${sql} AS ${q(this.a.output[index]?.name ?? `_c${index}`)}`;
    return item.alias ? `${sql} AS ${q(item.alias.name)}` : sql;
  }

  private grouping(g: GroupingElement): string {
    if (g.kind === 'expr') {
      const position = this.a.groupByAlias.get(g.expr);
      return position !== undefined ? String(position) : this.e.expr(g.expr);
    }
    const sets = g.sets.map((set) =>
      set.length === 1 ? this.e.expr(set[0]!) : `(${set.map((x) => this.e.expr(x)).join(', ')})`,
    );
    const word = g.kind === 'rollup' ? 'ROLLUP' : g.kind === 'cube' ? 'CUBE' : 'GROUPING SETS';
    return `${word} (${sets.join(', ')})`;
  }

  /** The sources whose `__u` a SELECT over this FROM item combines (the right side of SEMI/ANTI joins adds none). */
  private lineageSources(f: FromItem): { alias: string; shape: Shape }[] {
    switch (f.kind) {
      case 'table':
        return [{ alias: (f.alias ?? f.name).name, shape: this.sourceShapes.get(f) ?? 'list' }];
      case 'extended':
        return [{ alias: (f.alias ?? f.table).name, shape: 'scalar' }];
      case 'derived':
      case 'values_table':
        return [{ alias: f.alias?.name ?? this.a.generatedAliases.get(f)!, shape: this.sourceShapes.get(f) ?? 'list' }];
      case 'join':
        return [
          ...this.lineageSources(f.left),
          ...(f.type === 'SEMI' || f.type === 'ANTI' ? [] : this.lineageSources(f.right)),
        ];
    }
  }

  private cteShape(name: string): Shape {
    for (let i = this.cteShapes.length - 1; i >= 0; i--) {
      const shape = this.cteShapes[i]!.get(name.toLowerCase());
      if (shape) return shape;
    }
    return 'list';
  }

  private aliasClause(alias: Ident | undefined, generated: string | undefined, columns?: Ident[]): string {
    const name = alias?.name ?? generated;
    if (!name) return '';
    return ` AS ${q(name)}${columns ? `(${columns.map((c) => q(c.name)).join(', ')})` : ''}`;
  }

  private from(f: FromItem): string {
    switch (f.kind) {
      case 'table': {
        const base = this.a.baseTables.has(f);
        if (base) this.tables.add(f.name.name.toLowerCase());
        this.sourceShapes.set(f, base ? 'scalar' : this.cteShape(f.name.name));
        return `${q(f.name.name)}${this.aliasClause(f.alias, undefined, f.columnAliases)}`;
      }
      case 'extended': {
        const ident = `__ext_${this.extended.length}`;
        this.extended.push({ ident, table: f.table.name.toLowerCase(), durations: f.durations.map((d) => d.value) });
        return `${q(ident)}${this.aliasClause(f.alias, f.table.name, f.columnAliases)}`;
      }
      case 'derived': {
        const inner = this.query(f.query, { instrument: true });
        this.sourceShapes.set(f, inner.shape);
        const alias = this.aliasClause(f.alias, this.a.generatedAliases.get(f), f.columnAliases);
        return `${f.lateral ? 'LATERAL ' : ''}(${inner.sql})${alias}`;
      }
      case 'values_table': {
        this.sourceShapes.set(f, 'scalar');
        const alias = this.aliasClause(f.alias, this.a.generatedAliases.get(f), f.columnAliases);
        return `(SELECT *, ${NO_USER} AS ${U} FROM (${this.values(f.values)}) AS ${q(this.fresh('v'))})${alias}`;
      }
      case 'join': {
        if (f.natural) throw new SandboxUnsupported('NATURAL JOIN');
        const left = this.from(f.left);
        const right = f.right.kind === 'join' ? `(${this.from(f.right)})` : this.from(f.right);
        const type = f.type === 'INNER' && !f.on && !f.using ? 'CROSS' : f.type;
        let sql = `${left}\n${type === 'FULL' ? 'FULL OUTER' : type} JOIN ${right}`;
        if (f.on) sql += ` ON ${this.e.expr(f.on)}`;
        if (f.using) sql += ` USING (${f.using.map((u) => q(u.name)).join(', ')})`;
        return sql;
      }
    }
  }
}
