/**
 * The syntax tree of one AMC SQL query. Every node keeps the [start, end) offsets of the text it came from, so
 * checks can point at the user's own line and column. Names keep the user's spelling; comparisons are
 * case-insensitive (AMC identifiers are).
 */

export interface Span {
  start: number;
  end: number;
}

export interface Ident extends Span {
  name: string;
  quoted: boolean;
}

export type Expr =
  | LiteralExpr
  | TypedLiteralExpr
  | IntervalExpr
  | ColumnExpr
  | StarExpr
  | FunctionExpr
  | UnaryExpr
  | BinaryExpr
  | MatchExpr
  | IsExpr
  | BetweenExpr
  | InListExpr
  | InQueryExpr
  | ExistsExpr
  | SubqueryExpr
  | CaseExpr
  | CastExpr
  | ExtractExpr
  | ArrayExpr
  | RowExpr
  | SubscriptExpr
  | FieldExpr;

export interface LiteralExpr extends Span {
  kind: 'literal';
  type: 'string' | 'number' | 'boolean' | 'null';
  value: string;
}

/** DATE '2024-01-01', TIMESTAMP '…' */
export interface TypedLiteralExpr extends Span {
  kind: 'typed_literal';
  dataType: 'DATE' | 'TIMESTAMP' | 'TIME';
  value: string;
}

/** INTERVAL '7' DAY, INTERVAL 7 DAYS, INTERVAL '1 day' */
export interface IntervalExpr extends Span {
  kind: 'interval';
  value: Expr;
  unit?: string;
}

/** a, t.a, t.a.field (field access on a NAMED_ROW resolves in analysis) */
export interface ColumnExpr extends Span {
  kind: 'column';
  parts: Ident[];
}

/** `*` or `t.*` in a select list. */
export interface StarExpr extends Span {
  kind: 'star';
  qualifier?: Ident;
}

export interface WindowSpec extends Span {
  name?: Ident;
  partitionBy: Expr[];
  orderBy: OrderItem[];
  /** e.g. `ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`, already checked; printed as written. */
  frame?: WindowFrame;
}

export interface WindowFrame {
  unit: 'ROWS' | 'RANGE' | 'GROUPS';
  start: FrameBound;
  end?: FrameBound;
}

export interface FrameBound {
  kind: 'UNBOUNDED PRECEDING' | 'UNBOUNDED FOLLOWING' | 'CURRENT ROW' | 'PRECEDING' | 'FOLLOWING';
  offset?: Expr;
}

export interface FunctionExpr extends Span {
  kind: 'function';
  name: Ident;
  args: Expr[];
  distinct: boolean;
  /** COUNT(*) */
  star: boolean;
  /** The special-form syntax the call was written in (POSITION(a IN b), TRIM(BOTH x FROM y), …). */
  form?: 'position' | 'substring' | 'trim_both' | 'trim_leading' | 'trim_trailing' | 'niladic';
  filter?: Expr;
  over?: WindowSpec;
  /** ARRAY_AGG(x ORDER BY y) / WITHIN GROUP (ORDER BY y) */
  orderBy?: OrderItem[];
}

export interface UnaryExpr extends Span {
  kind: 'unary';
  op: 'NOT' | '-' | '+';
  operand: Expr;
}

export interface BinaryExpr extends Span {
  kind: 'binary';
  /** Upper-cased: AND, OR, =, <>, <, <=, >, >=, +, -, *, /, %, ||, <=> */
  op: string;
  left: Expr;
  right: Expr;
}

/** LIKE, ILIKE, RLIKE / REGEXP, SIMILAR TO */
export interface MatchExpr extends Span {
  kind: 'match';
  op: 'LIKE' | 'ILIKE' | 'RLIKE' | 'SIMILAR TO';
  not: boolean;
  value: Expr;
  pattern: Expr;
  escape?: Expr;
}

export interface IsExpr extends Span {
  kind: 'is';
  not: boolean;
  value: Expr;
  test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN' | 'DISTINCT FROM';
  other?: Expr;
}

export interface BetweenExpr extends Span {
  kind: 'between';
  not: boolean;
  value: Expr;
  low: Expr;
  high: Expr;
}

export interface InListExpr extends Span {
  kind: 'in_list';
  not: boolean;
  value: Expr;
  list: Expr[];
}

export interface InQueryExpr extends Span {
  kind: 'in_query';
  not: boolean;
  value: Expr;
  query: Query;
}

export interface ExistsExpr extends Span {
  kind: 'exists';
  query: Query;
}

export interface SubqueryExpr extends Span {
  kind: 'subquery';
  query: Query;
}

export interface CaseExpr extends Span {
  kind: 'case';
  operand?: Expr;
  whens: { when: Expr; then: Expr }[];
  else?: Expr;
}

export interface TypeName extends Span {
  /** Upper-cased base name: STRING, VARCHAR, DECIMAL, ARRAY, … */
  name: string;
  params: number[];
  /** ARRAY<STRING> element type */
  element?: TypeName;
}

export interface CastExpr extends Span {
  kind: 'cast';
  expr: Expr;
  to: TypeName;
  try: boolean;
}

export interface ExtractExpr extends Span {
  kind: 'extract';
  field: string;
  expr: Expr;
}

/** ARRAY['a', 'b'] / ARRAY('a', 'b') */
export interface ArrayExpr extends Span {
  kind: 'array';
  elements: Expr[];
}

/** (a, b) in `(a, b) IN (…)` or ROW(a, b) */
export interface RowExpr extends Span {
  kind: 'row';
  elements: Expr[];
}

export interface SubscriptExpr extends Span {
  kind: 'subscript';
  expr: Expr;
  index: Expr;
}

/** (expr).field */
export interface FieldExpr extends Span {
  kind: 'field';
  expr: Expr;
  field: Ident;
}

export interface OrderItem extends Span {
  expr: Expr;
  desc: boolean;
  nulls?: 'FIRST' | 'LAST';
}

export interface SelectItem extends Span {
  expr: Expr;
  alias?: Ident;
}

export type FromItem = TableRef | DerivedTable | ExtendedTable | JoinItem | ValuesTable;

export interface TableRef extends Span {
  kind: 'table';
  name: Ident;
  /** schema.table as written (schema part kept only for messages) */
  schema?: Ident;
  alias?: Ident;
  columnAliases?: Ident[];
}

export interface DerivedTable extends Span {
  kind: 'derived';
  query: Query;
  alias?: Ident;
  columnAliases?: Ident[];
  lateral: boolean;
}

/** TABLE(EXTEND_TIME_WINDOW('dsp_impressions', 'P14D', 'P1D')) */
export interface ExtendedTable extends Span {
  kind: 'extended';
  table: Ident;
  durations: LiteralExpr[];
  alias?: Ident;
  columnAliases?: Ident[];
}

export interface ValuesTable extends Span {
  kind: 'values_table';
  values: ValuesBody;
  alias?: Ident;
  columnAliases?: Ident[];
}

export interface JoinItem extends Span {
  kind: 'join';
  type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'SEMI' | 'ANTI';
  natural: boolean;
  left: FromItem;
  right: FromItem;
  on?: Expr;
  using?: Ident[];
  /** Offset of the join keyword(s), for messages. */
  keyword: Span;
}

export type GroupingElement =
  { kind: 'expr'; expr: Expr } | { kind: 'rollup' | 'cube' | 'sets'; sets: Expr[][]; span: Span };

export interface Select extends Span {
  kind: 'select';
  distinct: boolean;
  /** Offset of DISTINCT, when present */
  distinctSpan?: Span;
  items: SelectItem[];
  from: FromItem[];
  where?: Expr;
  groupBy: GroupingElement[];
  groupByAll: boolean;
  having?: Expr;
  windows: { name: Ident; spec: WindowSpec }[];
  qualify?: Expr;
}

export interface ValuesBody extends Span {
  kind: 'values';
  rows: Expr[][];
}

export interface SetOperation extends Span {
  kind: 'setop';
  op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  all: boolean;
  left: QueryBody;
  right: QueryBody;
}

export interface NestedQuery extends Span {
  kind: 'nested';
  query: Query;
}

export type QueryBody = Select | ValuesBody | SetOperation | NestedQuery;

export interface Cte extends Span {
  name: Ident;
  columns?: Ident[];
  query: Query;
}

export interface Query extends Span {
  kind: 'query';
  ctes: Cte[];
  body: QueryBody;
  orderBy: OrderItem[];
  /** Offset of ORDER BY (for the documented refusal) */
  orderBySpan?: Span;
  limit?: { value: Expr; span: Span };
  offset?: Expr;
}

export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
