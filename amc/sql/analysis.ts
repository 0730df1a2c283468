/** What analysis (analyze.ts) learns about a query: read by the AMC rules, the grouping check and the sandbox translator. */
import type {
  ColumnExpr,
  Expr,
  ExtendedTable,
  FromItem,
  QueryBody,
  Select,
  SelectItem,
  StarExpr,
  TableRef,
} from './ast';
import type { SqlCatalog } from './catalog';
import type { ColumnInfo, Relation, Source } from './scope';
import type { SqlType } from './types';

export interface ExprInfo {
  type: SqlType;
  metric: boolean;
  exposes?: string;
}

export type Resolution =
  | { kind: 'column'; source: Source; column: ColumnInfo; outer: boolean; fields: number }
  /** A reference to a select-list alias of the same SELECT (lateral alias). */
  | { kind: 'alias'; item: SelectItem; index: number }
  /** A column of a relation the front end cannot see into (uncatalogued table). */
  | { kind: 'open' };

export interface ParameterUse {
  name: string;
  start: number;
  end: number;
}

export interface Analysis {
  output: ColumnInfo[];
  /** The select item each output column comes from (first branch of a set operation). */
  outputItems: (SelectItem | undefined)[];
  outputOpen: boolean;
  tables: Set<string>;
  extended: ExtendedTable[];
  customParameters: ParameterUse[];
  builtInParameters: ParameterUse[];
  exprs: Map<Expr, ExprInfo>;
  columns: Map<ColumnExpr, Resolution>;
  stars: Map<StarExpr, Source[]>;
  /** Alias given to derived tables and VALUES lists written without one. */
  generatedAliases: Map<FromItem, string>;
  aggregating: Set<Select>;
  /** Table references that read an AMC table (the others name CTEs). */
  baseTables: Set<TableRef>;
  /** The relation each query body (SELECT, VALUES, set operation) produces. */
  bodies: Map<QueryBody, Relation>;
  /** GROUP BY elements written as a select alias: printed as the item's position. */
  groupByAlias: Map<Expr, number>;
  hasAggregation: boolean;
  hasUnknownFunction: boolean;
  audience: boolean;
}

export interface AnalyzeOptions {
  catalog: SqlCatalog;
  /** Declared parameter types (AMC dataType spelling), used to type CUSTOM_PARAMETER('x'). */
  parameterTypes: Map<string, SqlType>;
}
